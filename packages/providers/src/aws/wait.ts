/**
 * Running an SDK waiter (`waitUntil*`) with the engine's semantics.
 *
 * The SDK waiters treat every failed poll as "not yet" and keep polling until `maxWaitTime`. For
 * an error no amount of waiting fixes (the distribution or change does not exist, access denied)
 * that would turn into a long wait and a misleading timeout, so the waiter is handed a view of
 * the client that notes such an error and aborts the waiter at once; the noted error is then
 * what the wait fails with. Throttling and transient errors (already retried by the client's retry
 * strategy) leave the waiter polling.
 *
 * Each poll is marked as a waiter's in its user agent (`m/B`, the AWS SDKs' business metric for
 * waiters, which botocore and the AWS CLI send on every waiter request), as the SDKs that mark them
 * do; an endpoint that tells polls from other reads (cfalias's emulator on simulated time) then
 * needs no guessing.
 */
import { AbortedError, ResourceNotFoundError, RequestRejectedError } from '@cfalias/core';
import { translateAwsError } from './errors.js';

export interface WaitParams {
  readonly minDelay: number;
  readonly maxDelay: number;
  readonly maxWaitSeconds: number;
}

interface SendingClient {
  send(...args: never[]): Promise<unknown>;
}

/** What the SDK waiter functions take besides the client. */
export interface SdkWaiterParams {
  readonly minDelay: number;
  readonly maxDelay: number;
  readonly maxWaitTime: number;
  readonly abortSignal: AbortSignal;
}

export async function waitFailingFast<C extends SendingClient>(
  client: C,
  pollOperation: string,
  resource: string,
  params: WaitParams,
  signal: AbortSignal | undefined,
  run: (client: C, params: SdkWaiterParams) => Promise<unknown>,
): Promise<void> {
  if (signal?.aborted) throw new AbortedError(`${pollOperation} ${resource}: aborted`);
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  let terminal: Error | undefined;

  // Same client (prototype), own `send`: still `instanceof` its class, as the waiters require.
  const watched = Object.create(client) as C;
  const send = async (...args: never[]): Promise<unknown> => {
    markWaiterPoll(args[0]);
    try {
      return await client.send(...args);
    } catch (error) {
      const translated = translateAwsError(error, pollOperation, resource);
      if (translated instanceof ResourceNotFoundError || translated instanceof RequestRejectedError) {
        terminal ??= translated;
        stop.abort();
      }
      throw error;
    }
  };
  Object.defineProperty(watched, 'send', { value: send });

  try {
    await run(watched, {
      minDelay: params.minDelay,
      maxDelay: Math.max(params.maxDelay, params.minDelay),
      maxWaitTime: params.maxWaitSeconds,
      abortSignal: stop.signal,
    });
  } catch (error) {
    if (terminal) throw terminal;
    throw translateAwsError(error, pollOperation, resource, { waitSeconds: params.maxWaitSeconds });
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

interface BuildArgs {
  readonly request: unknown;
}

/** Appends the waiter metric `m/B` to the user agent of one command's request. */
function markWaiterPoll(command: unknown): void {
  const stack = (command as { middlewareStack?: { add(middleware: unknown, options: object): void } }).middlewareStack;
  stack?.add(
    (next: (args: BuildArgs) => Promise<unknown>) => (args: BuildArgs) => {
      const headers = (args.request as { headers?: Record<string, string> }).headers;
      if (headers) {
        for (const name of ['user-agent', 'x-amz-user-agent']) {
          if (headers[name] !== undefined) headers[name] = `${headers[name]} m/B`;
        }
      }
      return next(args);
    },
    { step: 'finalizeRequest', name: 'cfaliasWaiterMetric', override: true },
  );
}
