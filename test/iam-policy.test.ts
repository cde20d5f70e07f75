/**
 * The IAM policies of docs/accounts.md name exactly the actions the AWS provider's code calls: the
 * SDK commands it sends, the list operations of the paginators it runs, the operations its waiters
 * poll, and AssumeRole when it assumes roles. A call added to the provider without its action in the
 * documented policy, or an action left in the policy that no code calls, fails here.
 */
import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readText, REPO_ROOT } from './support/fixture-files.js';

const AWS_PROVIDER = join(REPO_ROOT, 'packages/providers/src/aws');
const ACCOUNTS_DOC = join(REPO_ROOT, 'docs/accounts.md');

/** IAM service prefix of each SDK client package. */
const SERVICE_PREFIX: Readonly<Record<string, string>> = {
  '@aws-sdk/client-cloudfront': 'cloudfront',
  '@aws-sdk/client-route-53': 'route53',
  '@aws-sdk/client-acm': 'acm',
  '@aws-sdk/client-iam': 'iam',
  '@aws-sdk/client-sts': 'sts',
};

/** The operation each SDK waiter polls (as the SDK's waiter definitions do). */
const WAITER_POLLS: Readonly<Record<string, string>> = {
  waitUntilDistributionDeployed: 'GetDistribution',
  waitUntilResourceRecordSetsChanged: 'GetChange',
};

interface CodeAction {
  readonly action: string;
  readonly file: string;
}

/** Every value import of an SDK client package in the provider's source files, as IAM actions. */
function actionsOfCode(): CodeAction[] {
  const found: CodeAction[] = [];
  const files = readdirSync(AWS_PROVIDER).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  expect(files.length, 'provider source files').to.be.greaterThan(5);
  for (const file of files) {
    const text = readText(join(AWS_PROVIDER, file));
    for (const match of text.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s+from\s+'(@aws-sdk\/client-[a-z0-9-]+)'/g)) {
      if (match[1] !== undefined) continue;
      const prefix = SERVICE_PREFIX[match[3]!];
      expect(prefix, `${file}: the IAM prefix of ${match[3]}`).to.be.a('string');
      const names = match[2]!
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== '' && !name.startsWith('type '));
      for (const name of names) {
        const operation = operationOf(name, file);
        if (operation !== undefined) found.push({ action: `${prefix}:${operation}`, file });
      }
    }
    // The credential provider that assumes a role calls STS AssumeRole with the default credentials.
    if (/\bfromTemporaryCredentials\(/.test(text)) found.push({ action: 'sts:AssumeRole', file });
  }
  return found;
}

/** The operation an imported SDK name calls; undefined for names that call nothing (clients, types). */
function operationOf(name: string, file: string): string | undefined {
  if (name.endsWith('Command')) return name.slice(0, -'Command'.length);
  if (name.startsWith('paginate')) return name.slice('paginate'.length);
  if (name.startsWith('waitUntil')) {
    const polled = WAITER_POLLS[name];
    expect(polled, `${file}: which operation ${name} polls (add it to WAITER_POLLS)`).to.be.a('string');
    return polled;
  }
  return undefined;
}

interface PolicyStatement {
  readonly Effect: string;
  readonly Principal?: unknown;
  readonly Action: string | readonly string[];
}

/** The fenced JSON blocks of the doc that are IAM policies (identity and trust policies). */
function policiesOfDoc(): { Statement: PolicyStatement[] }[] {
  const blocks = [...readText(ACCOUNTS_DOC).matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!) as unknown);
  return blocks.filter((b): b is { Statement: PolicyStatement[] } => typeof b === 'object' && b !== null && 'Statement' in b);
}

describe('the IAM policies of docs/accounts.md', () => {
  it('are valid JSON policies: identity policies and one trust policy', () => {
    const policies = policiesOfDoc();
    expect(policies.length).to.be.greaterThanOrEqual(4);
    for (const policy of policies) {
      expect(policy).to.have.property('Version', '2012-10-17');
      for (const statement of policy.Statement) expect(statement.Effect).to.equal('Allow');
    }
    const trust = policies.filter((p) => p.Statement.some((s) => s.Principal !== undefined));
    expect(trust).to.have.length(1);
    expect(trust[0]!.Statement.map((s) => s.Action)).to.deep.equal(['sts:AssumeRole']);
  });

  it('allow exactly the actions the AWS provider calls', () => {
    const code = actionsOfCode();
    const called = new Set(code.map((c) => c.action));
    const documented = new Set<string>();
    for (const policy of policiesOfDoc()) {
      for (const statement of policy.Statement) {
        if (statement.Principal !== undefined) continue; // the trust policy grants nothing to cfalias
        for (const action of typeof statement.Action === 'string' ? [statement.Action] : statement.Action) documented.add(action);
      }
    }
    const undocumented = [...called].filter((a) => !documented.has(a)).sort();
    const uncalled = [...documented].filter((a) => !called.has(a)).sort();
    expect(
      undocumented.map((a) => `${a} (called in ${code.find((c) => c.action === a)!.file})`),
      'called by the provider, missing from docs/accounts.md',
    ).to.deep.equal([]);
    expect(uncalled, 'in docs/accounts.md, called by no provider code').to.deep.equal([]);
    // The moves the issue names are among them.
    for (const action of ['cloudfront:UpdateDomainAssociation', 'cloudfront:ListDomainConflicts', 'sts:AssumeRole']) {
      expect(called, action).to.include(action);
    }
  });
});
