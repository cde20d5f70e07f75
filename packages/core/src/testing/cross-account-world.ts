/**
 * A two-account registry for the cross-account planner tests: the agency's distribution E1OLD
 * (account 222222222222) holds aliases that move to E2NEW (account 111111111111, the default
 * credentials' account), whose certificate covers `example.com` and `*.example.com`; the zone
 * `example.com` (in account 111111111111) points each alias at E1OLD.
 */
import type { DesiredAlias, DesiredState } from '../desired/desired.js';
import type { Distribution, HostedZone, Inventory } from '../inventory/inventory.js';
import { aliasRecord, buildCertificate, buildDesired, buildDistribution, buildInventory, buildZone, TEST_ACCOUNT } from './builders.js';

export const AGENCY = '222222222222';
export const OLD = 'E1OLD';
export const NEW = 'E2NEW';
export const OLD_DOMAIN = 'e1old.cloudfront.net';
export const NEW_DOMAIN = 'e2new.cloudfront.net';

export interface CrossAccountWorld {
  /** Aliases on E1OLD (each with an A record at E1OLD in zone example.com). */
  readonly onOld: readonly string[];
  /** SANs of E2NEW's certificate; default `example.com`, `*.example.com`. */
  readonly newSans?: readonly string[];
  /** More distributions (e.g. a holder of an overlapping wildcard). */
  readonly others?: readonly Distribution[];
  readonly zones?: readonly HostedZone[];
  readonly foreignOwners?: Inventory['foreignOwners'];
}

export function crossAccountInventory(world: CrossAccountWorld): Inventory {
  return buildInventory({
    accounts: [TEST_ACCOUNT, AGENCY],
    distributions: [
      buildDistribution(OLD, { aliases: world.onOld, accountId: AGENCY, certificate: 'old' }),
      buildDistribution(NEW, { certificate: 'new' }),
      ...(world.others ?? []),
    ],
    certificates: [
      buildCertificate('old', ['example.com', '*.example.com']),
      buildCertificate('new', world.newSans ?? ['example.com', '*.example.com']),
    ],
    zones: world.zones ?? [
      buildZone(
        'Z1EXAMPLE',
        'example.com',
        world.onOld.map((a) => aliasRecord(a, OLD_DOMAIN)),
      ),
    ],
    foreignOwners: world.foreignOwners ?? [],
  });
}

/** The desired state naming both distributions, E1OLD as `old` (with `allowDisableSource` when asked). */
export function crossAccountDesired(aliases: readonly DesiredAlias[], options: { readonly allowDisable?: boolean } = {}): DesiredState {
  return {
    ...buildDesired(aliases, { distributions: { old: OLD, new: NEW } }),
    distributionAccounts: { old: 'agency', new: 'prod' },
    ...(options.allowDisable && { allowDisableSource: [OLD] }),
  };
}
