/** Test builders; not part of the core public API (import from `src/testing/index.js`). */
export * from './builders.js';
