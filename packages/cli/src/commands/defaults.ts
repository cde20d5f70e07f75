/**
 * Option defaults that `--help` shows. They live apart from the commands that use them so that
 * building the command line (and `--help`, `--version`) loads no command module.
 */

/** `--interval` of `watch` and `apply --watch`: seconds between ownership checks. */
export const DEFAULT_WATCH_INTERVAL_SECONDS = 60;
