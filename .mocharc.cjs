// Tests run from TypeScript sources: tsx compiles on the fly and the `source` export condition
// makes workspace packages resolve to src/ instead of dist/.
module.exports = {
  'node-option': ['import=tsx', 'conditions=source'],
  spec: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
  reporter: './scripts/mocha-summary-reporter.cjs',
  color: false,
  timeout: 20000,
};
