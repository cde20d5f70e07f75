/** What every command receives: the process surface, colours, and the global options resolved. */
import { isAbsolute, normalize, resolve } from 'node:path';
import type { CliIo } from './io/cli-io.js';
import type { Colors } from './render/format.js';
import type { ProviderOptions } from './providers.js';
import { commandPrefix } from './render/next-command.js';

export interface CommandContext {
  readonly io: CliIo;
  readonly colors: Colors;
  /** The desired file (`-f`), absolute. */
  readonly desiredPath: string;
  /** The desired file as the user named it, for messages and diagnostic locations (`cfalias.yaml`). */
  readonly desiredName: string;
  readonly providerOptions: ProviderOptions;
  /** `cfalias` and the global flags that matter, to start every command suggested next. */
  readonly cli: string;
}

export interface GlobalOptions {
  readonly file: string;
  readonly sandbox?: string;
  /** Hidden: the in-process sandbox provider instead of the SDK against the embedded emulator. */
  readonly sandboxInProcess?: boolean;
  readonly profile?: string;
  readonly region?: string;
  readonly endpointUrl?: string;
  readonly color: boolean;
}

export function createContext(io: CliIo, globals: GlobalOptions, colors: Colors): CommandContext {
  return {
    io,
    colors,
    desiredPath: resolvePath(io, globals.file),
    desiredName: normalize(globals.file),
    providerOptions: providerOptionsOf(io, globals),
    cli: commandPrefix(globals),
  };
}

function providerOptionsOf(io: CliIo, globals: GlobalOptions): ProviderOptions {
  return {
    ...(globals.sandbox !== undefined ? { sandbox: resolvePath(io, globals.sandbox) } : {}),
    ...(globals.sandboxInProcess ? { sandboxInProcess: true } : {}),
    ...(globals.profile !== undefined ? { profile: globals.profile } : {}),
    ...(globals.region !== undefined ? { region: globals.region } : {}),
    ...(globals.endpointUrl !== undefined ? { endpointUrl: globals.endpointUrl } : {}),
  };
}

/** A path from the command line, resolved against the CLI's working directory. */
export function resolvePath(io: CliIo, path: string): string {
  return isAbsolute(path) ? path : resolve(io.cwd, path);
}
