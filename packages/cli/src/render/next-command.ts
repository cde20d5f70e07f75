/**
 * The commands cfalias suggests next ("To apply exactly this plan: …", "To continue: …"), with the
 * global flags that decide where they run and on what: a hint that dropped `--sandbox` would send
 * the suggested apply to AWS. Paths stay as the user typed them; words a shell would split or
 * expand are single-quoted.
 */

/** The global flags as given on the command line (paths unresolved). */
export interface CommandLineGlobals {
  readonly file: string;
  readonly sandbox?: string;
  readonly profile?: string;
  readonly region?: string;
  readonly endpointUrl?: string;
}

const DEFAULT_DESIRED_FILE = './cfalias.yaml';

/** `cfalias --sandbox world.json -f prod.yaml --profile ops`: the start of every suggested command. */
export function commandPrefix(globals: CommandLineGlobals): string {
  const words = ['cfalias'];
  const flag = (name: string, value: string | undefined): void => {
    if (value !== undefined) words.push(name, shellWord(value));
  };
  flag('--sandbox', globals.sandbox);
  if (globals.file !== DEFAULT_DESIRED_FILE && globals.file !== 'cfalias.yaml') flag('-f', globals.file);
  flag('--profile', globals.profile);
  flag('--region', globals.region);
  flag('--endpoint-url', globals.endpointUrl);
  return words.join(' ');
}

/** A word as a POSIX shell reads it back unchanged: bare when safe, else single-quoted. */
export function shellWord(word: string): string {
  if (/^[\w./:@%+=,-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
