/**
 * The provider factory: picks the provider from the global options and opens a session on it.
 * Only the sandbox exists so far; the AWS provider (a later issue) is added here and nowhere else.
 */
import { canonicalJson, type Clock, type CutoverProvider } from '@cfalias/core';
import { createSandboxProvider, loadWorldFile, saveWorldFile } from '@cfalias/providers';
import { ProviderUnavailableError } from './errors.js';

export interface ProviderOptions {
  /** Absolute path of the sandbox world file (`--sandbox`). */
  readonly sandbox?: string;
}

export interface ProviderSession {
  readonly provider: CutoverProvider;
  /** The clock apply runs on and plans are dated by (the world's simulated clock in the sandbox). */
  readonly clock: Clock;
  /** Durations on this clock are simulated (say so in output). */
  readonly simulated: boolean;
  /**
   * Persists what the provider changed (the sandbox writes its world file back atomically).
   * Resolves true when something was written; a world nothing happened to is left untouched.
   */
  persist(): Promise<boolean>;
}

export async function openProvider(options: ProviderOptions): Promise<ProviderSession> {
  if (options.sandbox === undefined) {
    throw new ProviderUnavailableError(
      'no provider: only the sandbox is available for now; pass --sandbox <world.json> (the AWS provider comes in a later release)',
    );
  }
  const path = options.sandbox;
  const world = await loadWorldFile(path);
  // Snapshot of the world as loaded, to write the file back only when the world changed.
  const loaded = canonicalJson(world.toDocument());
  return {
    provider: createSandboxProvider(world),
    clock: world.clock,
    simulated: true,
    async persist() {
      if (canonicalJson(world.toDocument()) === loaded) return false;
      await saveWorldFile(path, world);
      return true;
    },
  };
}
