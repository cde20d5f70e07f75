/**
 * cfalias's Prometheus/OpenMetrics metrics (docs/metrics.md is the contract), on prom-client: fed
 * from the executor's events and the watch's checks, exposed as a textfile for node_exporter's
 * textfile collector (`--metrics-file`, written atomically) or served on `/metrics`
 * (`watch --metrics-port`). One registry per command run: nothing global, nothing left behind.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { hasErrors, type ApplyEvent, type Plan } from '@cfalias/core';
import type { WatchCheck } from '../commands/watch-loop.js';
import { writeFileAtomic } from '../io/files.js';

/** Conflict kinds by the error class the providers translate them into. */
const CONFLICT_KINDS: Readonly<Record<string, string>> = {
  AliasConflictError: 'cname_already_exists',
  PreconditionFailedError: 'precondition_failed',
  ThrottlingError: 'throttling',
};

/** Step durations: from an immediate alias update to a slow CloudFront deployment (seconds). */
const STEP_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];

export class CliMetrics {
  readonly registry = new Registry();
  private readonly conflicts = new Counter({
    name: 'cfalias_conflicts_total',
    help: 'AWS answers that met another writer or the rate limit, by kind (409 CNAMEAlreadyExists, 412 PreconditionFailed, throttling)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  private readonly retries = new Counter({
    name: 'cfalias_retries_total',
    help: 'Step attempts retried by the executor, by the error that caused the retry',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  private readonly stepDuration = new Histogram({
    name: 'cfalias_step_duration_seconds',
    help: 'Duration of the apply steps that succeeded, by step kind',
    labelNames: ['kind'] as const,
    buckets: STEP_BUCKETS,
    registers: [this.registry],
  });
  private readonly deploymentWait = new Counter({
    name: 'cfalias_deployment_wait_seconds_total',
    help: 'Seconds spent waiting for CloudFront deployments (wait-deployed steps that succeeded)',
    registers: [this.registry],
  });
  private readonly aliases = new Gauge({
    name: 'cfalias_aliases',
    help: 'Managed aliases by state, as the last apply or watch check found them (converged, drifted, blocked)',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });
  private readonly lastApply = new Gauge({
    name: 'cfalias_last_successful_apply_timestamp_seconds',
    help: 'When the last apply or resume that succeeded ended (Unix time, on the session clock)',
    registers: [this.registry],
  });
  private readonly lastWatch = new Gauge({
    name: 'cfalias_last_successful_watch_timestamp_seconds',
    help: 'When the last watch check that read every managed alias ended (Unix time, on the session clock)',
    registers: [this.registry],
  });
  private readonly watchChecks = new Counter({
    name: 'cfalias_watch_checks_total',
    help: 'Ownership checks by result (ok, drift, error)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  constructor() {
    // Every series exists from the start: a scrape shows 0, not an absent series.
    for (const kind of Object.values(CONFLICT_KINDS)) this.conflicts.labels(kind).inc(0);
    for (const result of ['ok', 'drift', 'error']) this.watchChecks.labels(result).inc(0);
  }

  /** Feeds one executor event (pass as, or from, `ApplyOptions.onEvent`). */
  onApplyEvent(event: ApplyEvent): void {
    switch (event.type) {
      case 'step-retry':
        this.retries.labels(event.error.name).inc();
        this.countConflict(event.error);
        break;
      case 'step-failed':
        this.countConflict(event.error);
        break;
      case 'step-done':
        this.stepDuration.labels(event.step.kind).observe(event.durationMs / 1000);
        if (event.step.kind === 'wait-deployed') this.deploymentWait.inc(event.durationMs / 1000);
        break;
      case 'apply-end':
        if (event.result.status === 'succeeded') this.lastApply.set(event.at / 1000);
        break;
      default:
        break;
    }
  }

  /** The plan that was (or would have been) applied: its managed aliases, converged once it succeeded. */
  onPlan(plan: Plan, succeeded: boolean): void {
    const blocked = new Set(plan.diagnostics.filter((d) => d.severity === 'error' && d.alias !== undefined).map((d) => d.alias));
    this.aliases.labels('blocked').set(blocked.size);
    if (succeeded && !hasErrors(plan.diagnostics)) {
      this.aliases.labels('converged').set(plan.changes.length);
      this.aliases.labels('drifted').set(0);
    }
  }

  /** A plan with nothing to do: every alias was already where it belongs. */
  onNothingToApply(plan: Plan, at: number): void {
    this.onPlan(plan, true);
    this.lastApply.set(at / 1000);
  }

  onWatchCheck(check: WatchCheck): void {
    if (check.error !== undefined) {
      this.watchChecks.labels('error').inc();
      return;
    }
    this.watchChecks.labels(check.drift.length > 0 ? 'drift' : 'ok').inc();
    this.aliases.labels('drifted').set(check.drift.length);
    this.aliases.labels('converged').set(check.aliases - check.drift.length);
    this.lastWatch.set(check.at / 1000);
  }

  /** The exposition in the Prometheus text format (what node_exporter's textfile collector reads). */
  expose(): Promise<string> {
    return this.registry.metrics();
  }

  /** Writes the exposition to `path` atomically (a reader sees the old file or the new one). */
  async writeFile(path: string): Promise<void> {
    await writeFileAtomic(path, await this.expose());
  }

  private countConflict(error: Error): void {
    const kind = CONFLICT_KINDS[error.name];
    if (kind !== undefined) this.conflicts.labels(kind).inc();
  }
}
