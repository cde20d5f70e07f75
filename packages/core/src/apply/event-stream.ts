/**
 * `applyPlan`'s progress hook (`onEvent`) as an async iterable, for embedders who prefer
 * `for await`. The engine reports through a hook so it never waits for a slow consumer; this
 * buffers events and hands them out in order, and ends the iteration once apply has returned.
 */
import type { Plan } from '../plan/plan.js';
import type { ApplyEvent, ApplyResult } from './events.js';
import { applyPlan, type ApplyOptions } from './executor.js';

export interface ApplyEventStream {
  /** Every event of the run, in order; ends after `apply-end`. Iterate it once. */
  readonly events: AsyncIterable<ApplyEvent>;
  /** What happened (applyPlan's result); rejects only when the plan is refused up front. */
  readonly result: Promise<ApplyResult>;
}

export function applyWithEvents(plan: Plan, options: Omit<ApplyOptions, 'onEvent'>): ApplyEventStream {
  const queue: ApplyEvent[] = [];
  let done = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  const result = applyPlan(plan, {
    ...options,
    onEvent: (event) => {
      queue.push(event);
      notify();
    },
  }).finally(() => {
    done = true;
    notify();
  });
  async function* events(): AsyncGenerator<ApplyEvent> {
    for (;;) {
      while (queue.length > 0) yield queue.shift()!;
      if (done) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  }
  return { events: events(), result };
}
