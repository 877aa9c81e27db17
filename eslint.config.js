// One lint setup for the workspace: typescript-eslint's type-checked rules (floating promises, unsafe
// any, misused promises matter for a library that refreshes credentials in the background), with
// formatting left to Prettier.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/coverage/**', '**/node_modules/**', '.nx/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/consistent-type-exports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'Export by explicit name, never `export *`.' },
        {
          // msw 3 ignores onUnhandledRequest (it reads onUnhandledFrame), so such a test could reach the network.
          selector:
            "ObjectExpression:not(:has(Property[key.name='onUnhandledFrame'])) > Property[key.name='onUnhandledRequest']",
          message:
            "Use `server.listen(failOnUnhandledRequests)` from '@rolechain/sts-mock': msw 3 ignores onUnhandledRequest.",
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly' },
    },
  },
  {
    // CommonJS modules: require() is how they load, and Node defines their module globals.
    files: ['**/*.cjs'],
    languageOptions: { globals: { require: 'readonly', exports: 'writable', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
