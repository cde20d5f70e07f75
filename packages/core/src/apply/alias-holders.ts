/**
 * Who holds an alias now, as far as the provider can see: a distribution of the account, or one
 * outside it as the conflict listing shows it (ids masked: `******ATL97HY` of account
 * `******456789`). Used when a write meets `CNAMEAlreadyExists` (to name who took the alias) and at
 * the end of a run that left aliases between their source and target (to tell "taken by another
 * writer" from "on no distribution").
 */
import { AbortedError } from '../errors.js';
import { normalizeHostname } from '../hostnames.js';
import type { AliasHolder } from '../plan/plan.js';
import type { CallOptions, CutoverProvider } from '../ports.js';

/**
 * Holders of `aliases`, read in one inventory read scoped to them (`asker`: a distribution of the
 * account to ask foreign-owner questions from). Aliases held by nobody visible are absent. A failed
 * read rejects.
 */
export async function readAliasHolders(
  provider: CutoverProvider,
  aliases: readonly string[],
  asker: string,
  call: CallOptions,
): Promise<Map<string, AliasHolder>> {
  const wanted = new Set(aliases.map((a) => normalizeHostname(a)));
  const holders = new Map<string, AliasHolder>();
  const inventory = await provider.readInventory({ aliases: [...wanted].sort(), distributionIds: [asker] }, call);
  for (const d of inventory.distributions) {
    for (const alias of d.aliases) {
      const name = normalizeHostname(alias);
      if (wanted.has(name)) holders.set(name, { distribution: d.id, account: d.accountId });
    }
  }
  for (const owner of inventory.foreignOwners) {
    const alias = normalizeHostname(owner.alias);
    if (wanted.has(alias) && !holders.has(alias)) holders.set(alias, { distribution: owner.distributionId, account: owner.accountId });
  }
  return holders;
}

/**
 * `readAliasHolders`, best effort: undefined when the read fails (the holders stay unknown; the
 * failure that led here is what matters), except an abort, which propagates.
 */
export async function tryReadAliasHolders(
  provider: CutoverProvider,
  aliases: readonly string[],
  asker: string,
  call: CallOptions,
): Promise<Map<string, AliasHolder> | undefined> {
  try {
    return await readAliasHolders(provider, aliases, asker, call);
  } catch (error) {
    if (error instanceof AbortedError || call.signal?.aborted) throw error;
    return undefined;
  }
}

export interface HolderWordsOptions {
  /** The caller's account: a holder in it is named by its distribution alone. */
  readonly account?: string;
  /** How to name a distribution of the account (e.g. with its logical name: `E1BLUE (blue)`). */
  readonly named?: (id: string) => string;
}

/** `on E1BLUE`, or `on no distribution` (null): where a step expects an alias, in the words holders are reported in. */
export function onDistribution(id: string | null): string {
  return id === null ? 'on no distribution' : `on ${id}`;
}

/** `on E1BLUE (blue)`, `on distribution ******ATL97HY of account ******456789`, `on no distribution`. */
export function holderWords(holder: AliasHolder | null, options: HolderWordsOptions = {}): string {
  if (holder === null) return 'on no distribution';
  const named = options.named ?? ((id: string) => id);
  if (options.account !== undefined && holder.account === options.account) return `on ${named(holder.distribution)}`;
  return `on distribution ${named(holder.distribution)} of account ${holder.account}`;
}
