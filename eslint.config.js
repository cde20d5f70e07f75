// One lint configuration for the whole workspace: ESLint's recommended rules, typescript-eslint's
// type-aware recommended and stylistic rules over the same program `pnpm typecheck` compiles
// (tsconfig.test.json), and eslint-config-prettier last so no rule fights the formatter.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig } from 'eslint/config';
import { builtinRules } from 'eslint/use-at-your-own-risk';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const coreMaxLinesPerFunction = builtinRules.get('max-lines-per-function');

/** Mocha's functions that register suites, cases and hooks (also as `describe.skip`, `it.only`). */
const SUITES = new Set(['describe', 'context', 'suite']);
const REGISTRATIONS = new Set([...SUITES, 'it', 'specify', 'test', 'before', 'after', 'beforeEach', 'afterEach']);

/** `describe`, `describe.skip`, `(found ? describe : describe.skip)`, `this.timeout`: the name called. */
function calleeName(callee) {
  switch (callee.type) {
    case 'Identifier':
      return callee.name;
    case 'ThisExpression':
      return 'this';
    case 'MemberExpression':
      return calleeName(callee.object);
    case 'ConditionalExpression': {
      const name = calleeName(callee.consequent);
      return name === calleeName(callee.alternate) ? name : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * A test suite's body: the function passed to `describe(…)`, or a function that only declares
 * values and registers suites, cases and hooks (a contract suite such as `leaseLockContract`).
 */
function isSuiteBody(node) {
  const call = node.parent;
  if (call?.type === 'CallExpression' && call.arguments.includes(node) && SUITES.has(calleeName(call.callee))) return true;
  if (node.body.type !== 'BlockStatement') return false;
  return node.body.body.every(
    (statement) =>
      statement.type === 'VariableDeclaration' ||
      (statement.type === 'ExpressionStatement' &&
        statement.expression.type === 'CallExpression' &&
        (REGISTRATIONS.has(calleeName(statement.expression.callee)) || calleeName(statement.expression.callee) === 'this')),
  );
}

/**
 * ESLint's `max-lines-per-function`, except for the bodies of test suites: a suite groups its
 * cases (each case and helper is still held to the limit), and its length is bounded by
 * `max-lines` on the file.
 */
const maxLinesPerFunction = {
  meta: coreMaxLinesPerFunction.meta,
  create(context) {
    const reportUnlessSuite = (descriptor) => {
      if (!isSuiteBody(descriptor.node)) context.report(descriptor);
    };
    return coreMaxLinesPerFunction.create(Object.create(context, { report: { value: reportUnlessSuite } }));
  },
};

export default defineConfig(
  {
    ignores: [
      '**/dist/',
      'docs/api/',
      'temp/',
      'packs/',
      '.cfalias-demo/',
      'fixtures/',
      // Generated from the AWS service models; its generator is the file to review.
      'packages/providers/src/emulator/service-models.ts',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: './tsconfig.test.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Keys of index signatures (environment variables, records keyed by id) are read with
      // brackets on purpose: they may be absent, which `noUncheckedIndexedAccess` then types.
      '@typescript-eslint/dot-notation': ['error', { allowIndexSignaturePropertyAccess: true }],
      // A leading underscore names a value left out on purpose (`const { digest: _digest, ...rest }`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // `||` on strings is deliberate where an empty string means "not given" (an unset variable,
      // an empty XML element); `??` would keep the empty string.
      '@typescript-eslint/prefer-nullish-coalescing': ['error', { ignorePrimitives: { string: true } }],
      // `value as string` says what a value is; `value!` only that it is not nullish. Keep the cast.
      '@typescript-eslint/non-nullable-type-assertion-style': 'off',
      // Prettier removes the parentheses this rule asks for (`(--waiting[d]!) === 0`, counting down
      // in-degrees); the spaces it keeps around `===` tell the assertion from `!==`.
      '@typescript-eslint/no-confusing-non-null-assertion': 'off',
      // Ports return promises (CutoverProvider, JournalSink, LeaseLock): an implementation with
      // nothing to await is still `async`, so that what it throws reaches the caller as a rejection.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests read untyped JSON (AWS CLI output, stored plans, journals, world files) and assert on
    // its shape with chai; typing it first would restate the shape the assertion checks. Chai's
    // property assertions (`expect(x).to.be.true`) are expressions by design.
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  {
    // Rooms you can read in one sitting: files under 500 lines, functions under 80.
    files: ['packages/*/src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    plugins: { cfalias: { rules: { 'max-lines-per-function': maxLinesPerFunction } } },
    rules: {
      'max-lines': ['error', { max: 500, skipBlankLines: false, skipComments: false }],
      'cfalias/max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Generated from the AWS service models (also ignored above): its length is the models'.
    files: ['packages/providers/src/emulator/service-models.ts'],
    rules: { 'max-lines': 'off' },
  },
  {
    // Plain JavaScript (scripts, the CLI launcher, this file) is not in the TypeScript program.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
