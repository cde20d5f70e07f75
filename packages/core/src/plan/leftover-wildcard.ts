/**
 * A temporary wildcard an abandoned run may have left behind. The wildcard route adds `*.<parent>`
 * to its target and removes it in its last update; a drain finishes the route and `resume`
 * continues it, but a run given up after the wildcard was added (no resume) leaves it on the
 * target, and cfalias leaves every alias it does not manage where it is. A plan has no journal to
 * tell a leftover from a wildcard someone put there on purpose, so it only says what it sees: a
 * registry distribution holding `*.<parent>` that cfalias.yaml does not name, while aliases
 * cfalias.yaml manages under that parent target that same distribution. It never removes it.
 */
import type { DesiredState } from '../desired/desired.js';
import type { InventoryIndex } from '../inventory/inventory-index.js';
import { parentWildcard } from './basis.js';
import type { Diagnostic } from './diagnostics.js';

/** Names listed in one message before "and N more". */
const LISTED = 5;

/** Warnings `wildcard-left-behind`, one per wildcard and holder, sorted by wildcard. */
export function checkLeftoverWildcards(desired: DesiredState, index: InventoryIndex): Diagnostic[] {
  // The wildcard route moves aliases between the accounts of a registry only.
  if (desired.accounts === undefined && desired.distributionAccounts === undefined) return [];
  const named = new Set(desired.aliases.map((a) => a.alias));
  const registry = new Map(Object.entries(desired.distributions).map(([name, id]) => [id, name]));
  // `*.<parent>` → the aliases under it that target its holder.
  const under = new Map<string, string[]>();
  for (const item of desired.aliases) {
    const wildcard = parentWildcard(item.alias);
    if (wildcard === undefined || item.target === null || named.has(wildcard)) continue;
    const holder = index.owners.get(wildcard)?.id;
    if (holder !== item.target || !registry.has(holder)) continue;
    under.set(wildcard, [...(under.get(wildcard) ?? []), item.alias]);
  }
  return [...under.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([wildcard, aliases]) => leftoverWarning(desired.file, wildcard, index.owners.get(wildcard)!.id, registry, aliases.sort()));
}

function leftoverWarning(
  file: string,
  wildcard: string,
  holder: string,
  registry: ReadonlyMap<string, string>,
  aliases: readonly string[],
): Diagnostic {
  const name = registry.get(holder)!;
  const shown = aliases.slice(0, LISTED).join(', ') + (aliases.length > LISTED ? ` and ${aliases.length - LISTED} more` : '');
  return {
    severity: 'warning',
    code: 'wildcard-left-behind',
    alias: wildcard,
    distribution: holder,
    message:
      `${wildcard} is on ${holder} (${name}) but not in ${file}, and ${shown} ${aliases.length === 1 ? 'targets' : 'target'} ${holder}: ` +
      `it may be the temporary wildcard of a wildcard route whose run was abandoned before its last update; ` +
      `cfalias leaves aliases it does not manage in place, so it stays and serves every other name under ${wildcard.slice(2)}`,
    remediation:
      `if nothing else needs it: once ${shown} ${aliases.length === 1 ? 'is' : 'are'} on ${holder} (a plan that moves them puts them there first), ` +
      `add the line "${wildcard}": null under aliases in ${file} and apply, which removes it from ${holder}; ` +
      `to keep it on purpose, add "${wildcard}": ${name}, which ends this warning`,
  };
}
