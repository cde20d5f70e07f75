/**
 * `accounts:` of `cfalias.yaml` and the accounts its distributions name: the rules the schema
 * cannot state (one way to reach each account, a role in the account it is declared for, names
 * that resolve, `account` and `accounts` not both).
 */
import type { AccountEntry } from './desired.js';
import { closest } from './schema-messages.js';
import { isRecord, type Locate, type Report } from './yaml-locations.js';

/** The account id in the fifth field of an IAM role ARN, when it is one. */
function roleAccount(roleArn: string): string | undefined {
  return /^arn:aws[a-z-]*:iam::([0-9]{12}):role\/.+$/.exec(roleArn)?.[1];
}

/**
 * Logical distribution name → distribution id, from both forms (`name: E…` and
 * `name: { account, id }`). Undefined when `distributions` is not a map (a schema error).
 */
export function distributionIds(distributions: unknown): Record<string, unknown> | undefined {
  if (distributions === undefined) return {};
  if (!isRecord(distributions)) return undefined;
  // fromEntries defines own properties, so a name like "__proto__" stays a plain entry.
  return Object.fromEntries(Object.entries(distributions).map(([name, value]) => [name, isRecord(value) ? value['id'] : value]));
}

/** Checks `accounts` and every distribution's `account`; reports each problem at its key or value. */
export function checkAccounts(where: Locate, value: Record<string, unknown>, report: Report): void {
  const accounts = value['accounts'];
  if (value['account'] !== undefined && accounts !== undefined) {
    report(
      'invalid-account',
      '"account" and "accounts" cannot both be given: declare every account in "accounts" (like prod: { id: "111111111111" }) and drop "account"',
      where(['accounts'], 'key'),
    );
  }
  if (isRecord(accounts)) {
    for (const [name, entry] of Object.entries(accounts)) if (isRecord(entry)) checkAccountEntry(where, name, entry, report);
  }
  const distributions = value['distributions'];
  if (!isRecord(distributions)) return;
  const declared = isRecord(accounts) ? Object.keys(accounts) : [];
  for (const [name, entry] of Object.entries(distributions)) {
    const account = isRecord(entry) ? entry['account'] : undefined;
    if (typeof account !== 'string' || account.length === 0 || declared.includes(account)) continue;
    report('unknown-account-name', unknownAccountMessage(name, account, declared), where(['distributions', name, 'account'], 'value'));
  }
}

function checkAccountEntry(where: Locate, name: string, entry: Record<string, unknown>, report: Report): void {
  const { id, profile, roleArn, externalId } = entry;
  if (profile !== undefined && roleArn !== undefined) {
    report(
      'invalid-account',
      `account "${name}" has both profile and roleArn: give one (profile: a named profile of the AWS config files; roleArn: a role assumed from the default credentials)`,
      where(['accounts', name, 'roleArn'], 'key'),
    );
  }
  if (externalId !== undefined && roleArn === undefined) {
    report(
      'invalid-account',
      `account "${name}" has externalId without roleArn: an external id is only sent when assuming a role`,
      where(['accounts', name, 'externalId'], 'key'),
    );
  }
  const inRole = typeof roleArn === 'string' ? roleAccount(roleArn) : undefined;
  if (inRole !== undefined && typeof id === 'string' && inRole !== id) {
    report(
      'invalid-account',
      `account "${name}" is ${id}, but its roleArn is a role in account ${inRole}: assume a role in ${id}`,
      where(['accounts', name, 'roleArn'], 'value'),
    );
  }
}

function unknownAccountMessage(distribution: string, account: string, declared: readonly string[]): string {
  const head = `distribution "${distribution}" names account "${account}", which is not declared in accounts`;
  if (declared.length === 0) return `${head}; no accounts are declared (add "accounts:", like prod: { id: "111111111111" })`;
  const guess = closest(account, declared);
  if (guess) return `${head}; did you mean "${guess}"?`;
  return declared.length <= 10 ? `${head}; declared accounts: ${declared.join(', ')}` : head;
}

/** A distribution written as a map: `{ account, id, allowDisableSource? }`. */
export interface DistributionEntry {
  readonly account: string;
  readonly id: string;
  readonly allowDisableSource?: boolean;
}

/** The registry and each distribution's account, from a file whose shape and names are valid. */
export function assembleAccounts(
  accounts: Readonly<Record<string, AccountEntry>> | undefined,
  distributions: Readonly<Record<string, string | DistributionEntry>> | undefined,
): {
  accounts?: Record<string, AccountEntry>;
  distributions: Record<string, string>;
  distributionAccounts?: Record<string, string>;
  allowDisableSource?: string[];
} {
  const entries = Object.entries(distributions ?? {});
  const placed = entries.flatMap(([name, value]) => (typeof value === 'string' ? [] : [[name, value.account] as const]));
  const disabling = entries.flatMap(([, value]) => (typeof value !== 'string' && value.allowDisableSource === true ? [value.id] : []));
  return {
    ...(accounts === undefined
      ? {}
      : {
          accounts: Object.fromEntries(
            Object.entries(accounts).map(([name, a]): [string, AccountEntry] => [
              name,
              {
                id: a.id,
                ...(a.profile === undefined ? {} : { profile: a.profile }),
                ...(a.roleArn === undefined ? {} : { roleArn: a.roleArn }),
                ...(a.externalId === undefined ? {} : { externalId: a.externalId }),
              },
            ]),
          ),
        }),
    distributions: Object.fromEntries(entries.map(([name, value]) => [name, typeof value === 'string' ? value : value.id])),
    ...(placed.length === 0 ? {} : { distributionAccounts: Object.fromEntries(placed) }),
    ...(disabling.length === 0 ? {} : { allowDisableSource: [...new Set(disabling)].sort() }),
  };
}
