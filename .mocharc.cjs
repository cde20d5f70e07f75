// Tests run from TypeScript sources: tsx compiles on the fly and the `source` export condition
// makes workspace packages resolve to src/ instead of dist/. The spec globs live in the root
// `test` script, so `pnpm exec mocha some.test.ts` runs just that file.
// tsx/esm (not tsx): every test file and what it imports load as ES modules, as the packages ship.
// With tsx's CommonJS hook too, mocha's require() of a spec would load its static imports as
// CommonJS while an `import()` in the code under test (the CLI loads each command's modules that
// way) loads a second copy of the same modules as ES modules, whose classes fail `instanceof`.
module.exports = {
  'node-option': ['import=tsx/esm', 'conditions=source'],
  reporter: './scripts/mocha-summary-reporter.cjs',
  color: false,
  timeout: 20000,
};
