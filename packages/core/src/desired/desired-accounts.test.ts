import { expect } from 'chai';
import { parseDesiredState } from './desired-file.js';

function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** `line:col code message` for each diagnostic, in the order returned. */
function problems(text: string): string[] {
  const { state, diagnostics } = parseDesiredState(text, 'cfalias.yaml');
  if (diagnostics.length > 0) expect(state).to.equal(undefined);
  return diagnostics.map((d) => `${d.location?.line}:${d.location?.col} ${d.code} ${d.message}`);
}

describe('parseDesiredState: accounts', () => {
  it('reads the registry of the multi-account example, each distribution with its account', () => {
    const { state, diagnostics } = parseDesiredState(
      yaml(
        'version: 1',
        'accounts:',
        '  prod: { id: "111111111111" }',
        '  agency: { id: "222222222222", roleArn: "arn:aws:iam::222222222222:role/cfalias" }',
        'distributions:',
        '  old: { account: agency, id: E1OLDOLDOLDOL1 }',
        '  new: { account: prod, id: E2NEWNEWNEWNE2 }',
        'aliases:',
        '  www.example.com: new',
      ),
      'cfalias.yaml',
    );
    expect(diagnostics).to.deep.equal([]);
    expect(state?.accounts).to.deep.equal({
      prod: { id: '111111111111' },
      agency: { id: '222222222222', roleArn: 'arn:aws:iam::222222222222:role/cfalias' },
    });
    expect(state?.distributions).to.deep.equal({ old: 'E1OLDOLDOLDOL1', new: 'E2NEWNEWNEWNE2' });
    expect(state?.distributionAccounts).to.deep.equal({ old: 'agency', new: 'prod' });
    expect(state?.account).to.equal(undefined);
    expect(state?.aliases.map((a) => [a.alias, a.target, a.targetName])).to.deep.equal([['www.example.com', 'E2NEWNEWNEWNE2', 'new']]);
  });

  it('mixes both distribution forms, and keeps profile and externalId', () => {
    const { state, diagnostics } = parseDesiredState(
      yaml(
        'version: 1',
        'accounts:',
        '  dns: { id: "333333333333", profile: central-dns }',
        '  client: { id: "444444444444", roleArn: "arn:aws-cn:iam::444444444444:role/path/cfalias", externalId: "x-1234" }',
        'distributions:',
        '  blue: E1BLUEBLUEBLUE',
        '  shop: { account: client, id: dt_2wjDZi3hD1ivOXf6rpZJOSNE1AB }',
      ),
      'cfalias.yaml',
    );
    expect(diagnostics).to.deep.equal([]);
    expect(state?.accounts?.['dns']).to.deep.equal({ id: '333333333333', profile: 'central-dns' });
    expect(state?.accounts?.['client']?.externalId).to.equal('x-1234');
    expect(state?.distributions).to.deep.equal({ blue: 'E1BLUEBLUEBLUE', shop: 'dt_2wjDZi3hD1ivOXf6rpZJOSNE1AB' });
    expect(state?.distributionAccounts).to.deep.equal({ shop: 'client' });
  });

  it('keeps the single-account form as it was (no registry in the state)', () => {
    const { state } = parseDesiredState(yaml('version: 1', 'account: "111111111111"', 'distributions: { a: E1AAAAAAAAAA }'), 'x.yaml');
    expect(state?.account).to.equal('111111111111');
    expect(state).to.not.have.property('accounts');
    expect(state).to.not.have.property('distributionAccounts');
  });

  it('refuses account together with accounts, at the accounts key', () => {
    expect(problems(yaml('version: 1', 'account: "111111111111"', 'accounts:', '  prod: { id: "111111111111" }'))).to.deep.equal([
      '3:1 invalid-account "account" and "accounts" cannot both be given: declare every account in "accounts" (like prod: { id: "111111111111" }) and drop "account"',
    ]);
  });

  it('reports an unknown account name where the distribution names it, with the likely one', () => {
    const text = yaml(
      'version: 1',
      'accounts:',
      '  prod: { id: "111111111111" }',
      '  agency: { id: "222222222222" }',
      'distributions:',
      '  old: { account: agncy, id: E1OLDOLDOLDOL1 }',
      'aliases:',
      '  www.example.com: old',
    );
    expect(problems(text)).to.deep.equal([
      '6:19 unknown-account-name distribution "old" names account "agncy", which is not declared in accounts; did you mean "agency"?',
    ]);
    expect(problems(yaml('version: 1', 'distributions:', '  old: { account: prod, id: E1OLDOLDOLDOL1 }'))).to.deep.equal([
      '3:19 unknown-account-name distribution "old" names account "prod", which is not declared in accounts; no accounts are declared (add "accounts:", like prod: { id: "111111111111" })',
    ]);
  });

  it('reports bad ids and role ARNs at their values', () => {
    const text = yaml(
      'version: 1',
      'accounts:',
      '  prod: { id: "11111111111" }',
      '  agency: { id: 222222222222 }',
      '  client: { id: "444444444444", roleArn: "cfalias" }',
      'distributions:',
      '  old: { account: prod, id: e1old }',
    );
    expect(problems(text)).to.deep.equal([
      '3:15 invalid-account account "prod" id "11111111111" is not an AWS account id: it must be exactly 12 digits',
      '4:17 invalid-account accounts.agency.id must be 12 digits in quotes (like "111111111111"), found the number 222222222222',
      '5:42 invalid-account account "client" roleArn "cfalias" is not an IAM role ARN (like arn:aws:iam::222222222222:role/cfalias)',
      '7:29 invalid-distribution-id distribution "old" is "e1old", which is neither a distribution id (E and 5 or more uppercase letters or digits, like E2QWRUHEXAMPLE) nor a distribution tenant id (dt_ and 5 or more letters or digits, like dt_2wjDZi3hD1ivOXf6rpZJOSNE1AB)',
    ]);
  });

  it('refuses both profile and roleArn, an externalId without a role, and a role in another account', () => {
    const text = yaml(
      'version: 1',
      'accounts:',
      '  a: { id: "111111111111", profile: p, roleArn: "arn:aws:iam::111111111111:role/r" }',
      '  b: { id: "222222222222", externalId: secret-ish }',
      '  c: { id: "333333333333", roleArn: "arn:aws:iam::999999999999:role/r" }',
    );
    expect(problems(text)).to.deep.equal([
      '3:40 invalid-account account "a" has both profile and roleArn: give one (profile: a named profile of the AWS config files; roleArn: a role assumed from the default credentials)',
      '4:28 invalid-account account "b" has externalId without roleArn: an external id is only sent when assuming a role',
      '5:37 invalid-account account "c" is 333333333333, but its roleArn is a role in account 999999999999: assume a role in 333333333333',
    ]);
  });

  it('reports unknown fields of an account and of a placed distribution, and a missing id', () => {
    const codes = problems(
      yaml(
        'version: 1',
        'accounts:',
        '  a: { id: "111111111111", role: x }',
        '  b: { profile: p }',
        'distributions:',
        '  d: { account: a }',
      ),
    ).map((p) => p.split(' ').slice(0, 2).join(' '));
    expect(codes).to.deep.equal(['3:28 unknown-field', '4:3 schema', '6:3 schema']);
  });

  it('carries the ids of the distributions that allow disabling, and only those', () => {
    const { state, diagnostics } = parseDesiredState(
      yaml(
        'version: 1',
        'accounts:',
        '  prod: { id: "111111111111" }',
        '  agency: { id: "222222222222" }',
        'distributions:',
        '  old: { account: agency, id: E1OLDOLDOLDOL1, allowDisableSource: true }',
        '  kept: { account: agency, id: E3KEPTKEPTKEP3, allowDisableSource: false }',
        '  new: { account: prod, id: E2NEWNEWNEWNE2 }',
      ),
      'cfalias.yaml',
    );
    expect(diagnostics).to.deep.equal([]);
    expect(state?.allowDisableSource).to.deep.equal(['E1OLDOLDOLDOL1']);
    expect(state?.distributions['old']).to.equal('E1OLDOLDOLDOL1');
    const none = parseDesiredState(
      yaml('version: 1', 'accounts:', '  a: { id: "111111111111" }', 'distributions:', '  d: { account: a, id: E1AAAAAAAAAA }'),
      'x.yaml',
    );
    expect(none.state).to.not.have.property('allowDisableSource');
  });

  it('reports a non-boolean allowDisableSource at its value', () => {
    const text = yaml(
      'version: 1',
      'accounts:',
      '  agency: { id: "222222222222" }',
      'distributions:',
      '  old: { account: agency, id: E1OLDOLDOLDOL1, allowDisableSource: "yes" }',
    );
    expect(problems(text)).to.deep.equal(['5:67 schema distributions.old.allowDisableSource must be true or false, found "yes"']);
  });
});
