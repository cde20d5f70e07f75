/**
 * The engine's version, written into every plan document, journal and `apply-start` event so a
 * reader can tell which cfalias produced them. It must equal `version` in this package's
 * package.json: `pnpm release:version` rewrites it after changesets bumps the packages, and a test
 * fails if the two drift apart.
 */
export const ENGINE_VERSION = '0.1.0';
