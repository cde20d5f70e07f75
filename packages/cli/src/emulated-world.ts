/**
 * A provider (the AWS provider, or a registry of AWS providers) as the emulated world needs it:
 * - every call runs under SandboxTime (waits name what they wait for; the rest hold time still);
 * - transient errors are the executor's to retry (SANDBOX_MAX_ATTEMPTS: the client makes one attempt);
 * - the inventory carries the world's deployment timing and alias quota. AWS's APIs report
 *   neither, so the AWS provider leaves them to core's defaults; a world defines both in its
 *   settings, and plans must estimate what this world will do, as the in-process provider's do.
 */
import type { CallOptions, CutoverProvider, LiveDistribution, UpdateDecision } from '@cfalias/core';
import type { SandboxWorld } from '@cfalias/providers';
import type { SandboxTime } from './sandbox-time.js';

export function onEmulatedWorld(provider: CutoverProvider, world: SandboxWorld, time: SandboxTime): CutoverProvider {
  const { deploySeconds, dnsSyncSeconds, aliasQuota } = world.settings;
  return {
    name: provider.name,
    capabilities: { ...provider.capabilities, retriesTransientErrors: false },
    readInventory: (scope, call) =>
      time.busy(async () => ({
        ...(await provider.readInventory(scope, call)),
        limits: { aliasesPerDistribution: aliasQuota },
        timing: { deploySeconds, dnsSyncSeconds },
      })),
    readDistribution: (id, call) => time.busy(() => provider.readDistribution(id, call)),
    updateAliases: (id, edit, guard, call) => time.busy(() => provider.updateAliases(id, edit, guard, call)),
    moveAlias: (target, alias, api, call) => time.busy(() => provider.moveAlias(target, alias, api, call)),
    ...(provider.verifyTenantDns && {
      verifyTenantDns: (tenantId: string, domains: readonly string[], call?: CallOptions) =>
        time.busy(() => provider.verifyTenantDns!(tenantId, domains, call)),
    }),
    ...(provider.setEnabled && {
      setEnabled: (id: string, enabled: boolean, guard: (live: LiveDistribution) => UpdateDecision, call?: CallOptions) =>
        time.busy(() => provider.setEnabled!(id, enabled, guard, call)),
    }),
    waitDeployed: (id, call) =>
      time.waitingFor(
        () => world.deploymentDueAt(id),
        () => provider.waitDeployed(id, call),
      ),
    readRecords: (zone, names, call) => time.busy(() => provider.readRecords(zone, names, call)),
    changeRecords: (zone, changes, call) => time.busy(() => provider.changeRecords(zone, changes, call)),
    waitRecordsSynced: (change, call) =>
      time.waitingFor(
        () => world.changeDueAt(change),
        () => provider.waitRecordsSynced(change, call),
      ),
  };
}
