/**
 * The IAM policies of docs/accounts.md name exactly the actions the AWS provider's code calls: the
 * SDK commands it sends (imported, or taken from a client package loaded on first use), the list operations of the paginators it runs, the operations its waiters
 * poll, and AssumeRole when it assumes roles. A call added to the provider without its action in the
 * documented policy, or an action left in the policy that no code calls, fails here.
 */
import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readText, REPO_ROOT } from './support/fixture-files.js';

const AWS_PROVIDER = join(REPO_ROOT, 'packages/providers/src/aws');
const ACCOUNTS_DOC = join(REPO_ROOT, 'docs/accounts.md');
const DEFERRED_MODULES = join(REPO_ROOT, 'packages/providers/src/deferred-modules.ts');

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

/**
 * The SDK client packages the providers load on first use (packages/providers/src/deferred-modules.ts):
 * accessor name (`cloudFrontSdk`) → package.
 */
function deferredClients(): Map<string, string> {
  const text = readText(DEFERRED_MODULES);
  const found = new Map<string, string>();
  for (const m of text.matchAll(/export const (\w+) = deferred<[^>]*>\('(@aws-sdk\/client-[a-z0-9-]+)'\)/g)) found.set(m[1]!, m[2]!);
  expect(found.size, 'SDK clients in deferred-modules.ts').to.be.greaterThanOrEqual(5);
  return found;
}

/**
 * The SDK names a source file uses, with their package: value imports (`import { X } from
 * '@aws-sdk/client-…'`), members of a module loaded on first use (`cloudFrontSdk().X`), and names
 * taken from one (`const { X, Y } = iamSdk()`).
 */
function sdkNamesOf(text: string, deferred: ReadonlyMap<string, string>): { name: string; pkg: string }[] {
  const names: { name: string; pkg: string }[] = [];
  const add = (list: string, pkg: string): void => {
    for (const name of list.split(',').map((n) => n.trim()))
      if (name !== '' && !name.startsWith('type ')) names.push({ name: name.split(':')[0]!.trim(), pkg });
  };
  for (const m of text.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s+from\s+'(@aws-sdk\/client-[a-z0-9-]+)'/g)) {
    if (m[1] === undefined) add(m[2]!, m[3]!);
  }
  for (const [accessor, pkg] of deferred) {
    for (const m of text.matchAll(new RegExp(`\\b${accessor}\\(\\)\\.(\\w+)`, 'g'))) names.push({ name: m[1]!, pkg });
    for (const m of text.matchAll(new RegExp(`\\{([^{}]*)\\}\\s*=\\s*${accessor}\\(\\)`, 'g'))) add(m[1]!, pkg);
  }
  return names;
}

/** Every SDK name the provider's source files use, as IAM actions. */
function actionsOfCode(): CodeAction[] {
  const found: CodeAction[] = [];
  const deferred = deferredClients();
  const files = readdirSync(AWS_PROVIDER).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  expect(files.length, 'provider source files').to.be.greaterThan(5);
  for (const file of files) {
    const text = readText(join(AWS_PROVIDER, file));
    for (const { name, pkg } of sdkNamesOf(text, deferred)) {
      const prefix = SERVICE_PREFIX[pkg];
      expect(prefix, `${file}: the IAM prefix of ${pkg}`).to.be.a('string');
      const operation = operationOf(name, file);
      if (operation !== undefined) found.push({ action: `${prefix}:${operation}`, file });
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
