/** One-line descriptions of plan steps, shared by the plan and apply renderers. */
import { formatDuration } from './format.js';
import { assertNever, type DnsRecord, type DnsRecordChange, type MoveApi, type PlanStep, type SetEnabledStep } from '@cfalias/core';

export type Labeler = (distributionId: string) => string;

/** Short label naming the step's kind and subject: `wait-deployed E1BLUE (blue)`. */
export function stepLabel(step: PlanStep, label: Labeler, zoneNames: ReadonlyMap<string, string>): string {
  switch (step.kind) {
    case 'update-aliases':
    case 'wait-deployed':
    case 'verify':
      return `${step.kind} ${label(step.distribution)}`;
    case 'set-enabled':
      return `${step.enabled ? 'enable' : 'disable'} ${label(step.distribution)}`;
    case 'move-alias':
      return `${step.kind} ${step.alias}`;
    case 'change-dns':
      return `${step.kind} ${step.zoneName}`;
    case 'wait-dns':
      return `${step.kind} ${zoneNames.get(step.zoneId) ?? step.zoneId}`;
    default:
      return assertNever(step);
  }
}

/** The CloudFront operation each move API calls. */
export const MOVE_API_NAMES: Readonly<Record<MoveApi, string>> = {
  'update-domain-association': 'UpdateDomainAssociation',
  'associate-alias': 'AssociateAlias',
};

/**
 * What the step does, after its label (empty when the label says it all). With `maxListed`,
 * alias lists longer than that are cut short (`a, b, c and 37 more`), for progress lines.
 */
export function stepDetail(step: PlanStep, label: Labeler, maxListed = Infinity): string {
  const list = (items: readonly string[]): string =>
    items.length > maxListed ? `${items.slice(0, maxListed).join(', ')} and ${items.length - maxListed} more` : items.join(', ');
  switch (step.kind) {
    case 'update-aliases': {
      const parts: string[] = [];
      if (step.remove.length > 0) parts.push(`remove ${list(step.remove)}`);
      if (step.add.length > 0) parts.push(`add ${list(step.add)}`);
      return parts.join('; ');
    }
    case 'move-alias':
      return `${label(step.from)} → ${label(step.to)} (${MOVE_API_NAMES[step.api]}${step.txtFallback ? `; ${step.txtFallback.record.name} TXT if CloudFront asks` : ''})`;
    case 'change-dns':
      return step.changes.length > maxListed ? `${step.changes.length} record changes` : step.changes.map(describeRecordChange).join('; ');
    case 'set-enabled':
      return step.offline ? disableImpact(step.offline, list) : '';
    case 'verify': {
      const dns = step.dns.length > 0 ? `, ${step.dns.length} DNS name${step.dns.length === 1 ? '' : 's'}` : '';
      return `${step.aliases.length} alias${step.aliases.length === 1 ? '' : 'es'}${dns}`;
    }
    case 'wait-deployed':
    case 'wait-dns':
      return '';
    default:
      return assertNever(step);
  }
}

/**
 * What a disable takes offline, and for how long (from the disable until the re-enable is
 * Deployed): `takes 2 other aliases offline for ~10m 0s (a.example.com, b.example.com)`; the
 * aliases moving off it are offline meanwhile too.
 */
export function disableImpact(
  offline: NonNullable<SetEnabledStep['offline']>,
  list: (items: readonly string[]) => string = (i) => i.join(', '),
): string {
  const window = `~${formatDuration(offline.seconds)}`;
  if (offline.aliases.length === 0) return `serves no other alias; the moving aliases are offline for ${window}`;
  const n = offline.aliases.length;
  return `takes ${n} other alias${n === 1 ? '' : 'es'} offline for ${window} (${list(offline.aliases)})`;
}

/** Expected wait durations, when known (from the inventory; a saved plan does not carry them). */
export interface StepTiming {
  readonly deploySeconds: number;
  readonly dnsSyncSeconds: number;
}

/** How long a wait step is expected to take; undefined for other steps or when timing is unknown. */
export function expectedWaitSeconds(step: PlanStep, timing: StepTiming | undefined): number | undefined {
  if (timing === undefined) return undefined;
  if (step.kind === 'wait-deployed') return timing.deploySeconds;
  if (step.kind === 'wait-dns') return timing.dnsSyncSeconds;
  return undefined;
}

/** Zone id → zone name, from the change-dns steps (wait-dns steps carry only the id). */
export function zoneNamesOf(steps: readonly PlanStep[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const step of steps) if (step.kind === 'change-dns') names.set(step.zoneId, step.zoneName);
  return names;
}

function describeRecordChange(change: DnsRecordChange): string {
  return `${change.action} ${change.record.name} ${change.record.type} ${recordTarget(change.record)}`;
}

/** `alias d2green.cloudfront.net.` for alias records, the values otherwise. */
export function recordTarget(record: DnsRecord): string {
  if (record.aliasTarget) return `alias ${record.aliasTarget.dnsName}`;
  return (record.values ?? []).join(' ');
}
