/**
 * Simulated time over the wire (docs/emulator.md, "Simulated time over the wire"). The waiters of
 * the SDKs and the AWS CLI poll on real timers, so a deployment that lasts 300 simulated seconds
 * must not cost 300 real ones; and only a waiter's poll may move the world's clock, or a read
 * that is not waiting (the read of a read-modify-write, a precondition check) would end a
 * deployment early and every later step would start late.
 *
 * The rule, per request that reads a pending resource (a caller's InProgress distribution through
 * GetDistribution, a PENDING change through GetChange):
 * - it is a waiter's poll when the client says so (business metric `B`, WAITER, in the `m/` list
 *   of its user agent: botocore and the AWS CLI mark every waiter request), when it reads a Route 53
 *   change (nothing writes a change and nothing reads one in order to write: every GetChange asks
 *   "is it done yet"), or when it is the second read of the same distribution with no write to it
 *   in between (same ETag; the SDK for JavaScript v3 does not mark its waiter requests, and its
 *   waiter, like any poller, reads again what it read before);
 * - a poll is parked, not answered, until the emulator is quiet: no other request in flight and
 *   none for `quietMs` of real time (so a client's concurrent work, and the requests it sends on
 *   the heels of an answer, reach the world first, at the simulated time they belong to);
 * - when quiet, the clock moves to the earliest moment a parked poll's resource is due, and every
 *   parked poll whose resource is then done is answered. So each wait ends at its own due time
 *   and overlapping waits overlap.
 * A parked poll is a timer on the world's SimulatedClock (core's discrete-event clock) due when its
 * resource is; the keeper gates that clock (an AdvanceGate) so it moves only in a quiet spell.
 * Any other read answers the true state at once. Only a SimulatedClock is ever moved; with
 * fast-forward off, or on a world with a real clock, every request answers at once.
 */
import { SimulatedClock, type AdvanceGate } from '@cfalias/core';
import type { SandboxWorld } from '../sandbox/world-model.js';

/** A pending resource a request reads, as the time keeper needs to judge it. */
export interface PollTarget {
  /** One key per resource: `distribution/E…`, `change/C…`. */
  readonly key: string;
  /** Changes with every write to the resource (a distribution's ETag); a change has one version. */
  readonly version: string;
  /** Every read of it is a status poll (Route 53 changes). */
  readonly alwaysPoll: boolean;
  /** Clock ms when the resource is done; null when it already is (or is gone). */
  dueAt(): number | null;
}

export interface TimeKeeperOptions {
  /** Off: every request is answered at once with the true state. */
  readonly fastForward: boolean;
  /** Real milliseconds without any request in flight before parked polls move the clock. */
  readonly quietMs: number;
}

/** The waiter feature id of the AWS SDKs' user-agent business metrics (`m/…,B,…`). */
const WAITER_METRIC = 'B';

/** True when a user-agent header marks the request as a waiter's poll (botocore, AWS CLI). */
export function isMarkedWaiterPoll(userAgent: string | undefined): boolean {
  if (userAgent === undefined) return false;
  return userAgent.split(/\s+/).some((token) => token.startsWith('m/') && token.slice(2).split(',').includes(WAITER_METRIC));
}

/**
 * The emulator's one keeper of simulated time: counts requests in flight, decides which reads are
 * waiter polls, parks those on the world's clock and lets the clock move when the emulator goes quiet.
 */
export class SimulatedTimeKeeper {
  private inFlight = 0;
  /** Polls parked on the clock, each with the function that answers it false (client gone, closing). */
  private readonly parked = new Set<() => void>();
  /** The version each resource had at its last read. */
  private readonly lastRead = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  /** The quiet period ran out with no request starting or ending since. */
  private quiet = false;
  /** The world's clock when fast-forward may move it. */
  private readonly clock: SimulatedClock | undefined;
  private readonly releaseGate: () => void;

  constructor(
    world: SandboxWorld,
    private readonly options: TimeKeeperOptions,
  ) {
    this.clock = options.fastForward && world.clock instanceof SimulatedClock ? world.clock : undefined;
    const gate: AdvanceGate = { nextStop: (_now, earliestDue) => this.nextStop(earliestDue) };
    this.releaseGate = this.clock ? this.clock.gateWith(gate) : () => undefined;
  }

  /** A request arrived (called before its body is read). */
  requestStarted(): void {
    this.inFlight++;
    this.scheduleQuiet();
  }

  /** A request was answered, dropped or held by an injected Timeout: the world is done with it. */
  requestEnded(): void {
    this.inFlight--;
    this.scheduleQuiet();
  }

  /**
   * Called before a read of `target` is served. Resolves true when the read may be answered now:
   * at once unless it is a waiter's poll of a resource still pending, then once the clock has
   * moved to the resource's due time. Resolves false when `gone` aborts first (the client hung up).
   */
  beforeRead(target: PollTarget, userAgent: string | undefined, gone: AbortSignal): Promise<boolean> {
    const readBefore = this.lastRead.get(target.key);
    this.lastRead.set(target.key, target.version);
    const clock = this.clock;
    if (!clock) return Promise.resolve(true);
    const due = target.dueAt();
    if (due === null || due <= clock.now()) return Promise.resolve(true);
    const poll = target.alwaysPoll || isMarkedWaiterPoll(userAgent) || readBefore === target.version;
    if (!poll) return Promise.resolve(true);
    if (gone.aborted) return Promise.resolve(false);

    return new Promise<boolean>((resolve) => {
      const resume = (answer: boolean): void => {
        this.parked.delete(answerFalse);
        gone.removeEventListener('abort', answerFalse);
        this.inFlight++;
        this.scheduleQuiet();
        resolve(answer);
      };
      const cancel = clock.whenDue(
        () => target.dueAt(),
        () => resume(true),
      );
      const answerFalse = (): void => {
        cancel();
        resume(false);
      };
      gone.addEventListener('abort', answerFalse, { once: true });
      this.parked.add(answerFalse);
      this.inFlight--;
      this.scheduleQuiet();
    });
  }

  /** Answers every parked poll as it stands (the emulator is closing), stops the timer, ungates the clock. */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const answerFalse of [...this.parked]) answerFalse();
    this.releaseGate();
  }

  /**
   * The gate: with no poll parked the clock runs as it would ungated; with polls parked it moves
   * only in a quiet spell, to the earliest due time (a parked poll's resource or another timer's).
   */
  private nextStop(earliestDue: number | undefined): number | null {
    if (this.parked.size > 0 && (!this.quiet || this.inFlight > 0)) return null;
    return earliestDue ?? null;
  }

  /** (Re)starts the quiet period: any request starting or ending restarts it. */
  private scheduleQuiet(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.quiet = false;
    if (this.parked.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.quiet = true;
      this.clock?.requestAdvance();
    }, this.options.quietMs);
  }
}

/** Each API call costs `settings.apiLatencyMs` of simulated time, as the world file asks. */
export function chargeApiLatency(world: SandboxWorld): void {
  const latency = world.settings.apiLatencyMs;
  if (latency > 0 && world.clock instanceof SimulatedClock) world.clock.advance(latency);
}
