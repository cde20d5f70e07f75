/**
 * The one change `updateAliases` makes to a distribution config. UpdateDistribution replaces the
 * whole config, so everything but `Aliases` must go back exactly as read.
 */
import type { DistributionConfig } from '@aws-sdk/client-cloudfront';
import { normalizeHostname, type AliasEdit } from '@cfalias/core';

/**
 * The alias list after `edit`: the current aliases minus `remove` (order of the others kept), then
 * each of `add` not already present, in the order given. Comparison is case-insensitive.
 */
export function editedAliases(current: readonly string[], edit: AliasEdit): string[] {
  const removed = new Set(edit.remove.map((alias) => normalizeHostname(alias)));
  const result = current.filter((alias) => !removed.has(normalizeHostname(alias)));
  const present = new Set(result.map((alias) => normalizeHostname(alias)));
  for (const alias of edit.add) {
    const normal = normalizeHostname(alias);
    if (present.has(normal)) continue;
    present.add(normal);
    result.push(normal);
  }
  return result;
}

/**
 * A copy of `config` with only `Aliases` replaced, `Quantity` equal to the item count. An empty
 * list is sent as `<Quantity>0</Quantity>` without `Items`, the way CloudFront itself returns it.
 */
export function withEditedAliases(config: DistributionConfig, edit: AliasEdit): DistributionConfig {
  const items = editedAliases(config.Aliases?.Items ?? [], edit);
  return {
    ...config,
    Aliases: items.length > 0 ? { Quantity: items.length, Items: items } : { Quantity: 0 },
  };
}
