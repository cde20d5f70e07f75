// Tests run from TypeScript sources: tsx compiles on the fly and the `source` export condition
// makes workspace packages resolve to src/ instead of dist/. The spec globs live in the root
// `test` script, so `pnpm exec mocha some.test.ts` runs just that file.
module.exports = {
  'node-option': ['import=tsx', 'conditions=source'],
  reporter: './scripts/mocha-summary-reporter.cjs',
  color: false,
  timeout: 20000,
};
