// `npm run lint`: typescript-eslint's type-aware recommended rules over src/,
// test/, bench/ and scripts/, plus the house import order (packages, then
// relative imports: scripts/eslint/import-order.js). Every rule switched off
// is listed here with its reason; the code carries no inline disables.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importOrder } from './scripts/eslint/import-order.js';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'reports/**', 'src/dist/k6-script/**', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { replbench: { rules: { 'import-order': importOrder } } },
    rules: {
      'replbench/import-order': 'error',
      // An `async` function that does not await keeps a Promise-returning contract
      // (interfaces, handlers, fakes): it rejects instead of throwing synchronously.
      '@typescript-eslint/require-await': 'off',
      // The regexes that match control characters are there to strip or refuse them (ANSI codes, header injection).
      'no-control-regex': 'off',
      // A name that starts with _ is unused on purpose (a destructured field left out of a rest, a callback's slot),
      // the convention TypeScript's noUnusedParameters also follows.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Errors are passed on as they came: a Node callback's err, a rejected promise's reason, an abort signal's reason.
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
      '@typescript-eslint/only-throw-error': 'off',
      // Options and hooks interfaces declare their functions in method syntax; what fills them are closures,
      // which never use `this`, so handing them on is safe.
      '@typescript-eslint/unbound-method': 'off',
      // It judges casts such as `as NodeJS.ErrnoException` unnecessary where tsc needs them (its fixes broke the
      // typecheck); tsc, with noUnusedLocals and strict, is the judge of casts.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  {
    files: ['test/**', 'bench/**'],
    rules: {
      // Tests and benchmarks read JSON (reports, registries' answers, events.jsonl)
      // as untyped values and assert on their shape; the assertion is the check.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      // Values interpolated into assertion messages are for the reader of a failure.
      '@typescript-eslint/restrict-template-expressions': 'off',
      // Fakes hand out methods of real objects (a server's close, a clock's now) to code under test.
      '@typescript-eslint/unbound-method': 'off',
      // Expected texts match aligned table columns, where runs of spaces are the point.
      'no-regex-spaces': 'off',
      // The report's inline client script is text; its tests run it through Function.
      '@typescript-eslint/no-implied-eval': 'off',
      // Generators that throw before their first yield stand in for streams that fail at once.
      'require-yield': 'off',
      // A test's handle starts with a harmless value, so a failure before its real assignment still reaches the cleanup.
      'no-useless-assignment': 'off',
    },
  },
  {
    files: ['scripts/eslint/*.js', 'eslint.config.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
