import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules', 'web/dist', '.agora', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // A module, and a platform folder, is imported only through its index.ts (DESIGN.md).
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: '^(\\.{1,2}/)+modules/[^/]+/(?!index\\.js$)', message: 'Import a module only through its index.ts.' },
          { regex: 'platform/(db|http|outbox)/(?!index\\.js$)', message: 'Import a platform folder only through its index.ts.' },
        ],
      }],
    },
  },
  {
    // Inside a module: another module only through its index.ts.
    files: ['server/src/modules/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: '^\\.\\./[^./][^/]*/(?!index\\.js$)', message: 'Import another module only through its index.ts.' },
          { regex: 'platform/(db|http|outbox)/(?!index\\.js$)', message: 'Import a platform folder only through its index.ts.' },
        ],
      }],
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
