/**
 * Ownership drift: which managed aliases are not where the desired state puts them, and who holds
 * them instead. Pure: the desired state and an inventory in, a list out. `cfalias watch` runs it on
 * every inventory it reads, to catch another writer (parallel automation, a console edit) that
 * re-attaches an alias to the distribution it left.
 */
import type { DesiredState } from '../desired/desired.js';
import { indexInventory } from '../inventory/inventory-index.js';
import type { Inventory } from '../inventory/inventory.js';
import type { AliasHolder } from './plan.js';

/** One managed alias away from its desired distribution. */
export interface AliasDrift {
  readonly alias: string;
  /** The distribution the desired state puts the alias on; null: on no distribution of the account. */
  readonly expected: string | null;
  /**
   * Who holds it now: a distribution of the account, or one outside it as the conflict listing
   * shows it (ids partly masked); null: no distribution the account can see.
   */
  readonly found: AliasHolder | null;
}

/**
 * The managed aliases whose holder differs from the desired one, sorted by alias. An alias the
 * desired state detaches (`target: null`) drifts only when a distribution of the account holds it
 * again: holders outside the account are not the account's to remove.
 */
export function findOwnershipDrift(desired: DesiredState, inventory: Inventory): AliasDrift[] {
  const index = indexInventory(inventory);
  const drift: AliasDrift[] = [];
  for (const { alias, target } of desired.aliases) {
    const owner = index.owners.get(alias);
    if (owner?.id === target) continue;
    if (owner === undefined && target === null) continue;
    const foreign = owner === undefined ? index.foreignOwners.get(alias) : undefined;
    const found: AliasHolder | null =
      owner !== undefined
        ? { distribution: owner.id, account: owner.accountId }
        : foreign !== undefined
          ? { distribution: foreign.distributionId, account: foreign.accountId }
          : null;
    drift.push({ alias, expected: target, found });
  }
  return drift.sort((a, b) => (a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0));
}
