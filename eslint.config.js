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
      // A module is imported only through its index.ts (DESIGN.md).
      'no-restricted-imports': ['error', {
        patterns: [{
          regex: '^(\\.\\./)+modules/[^/]+/(?!index\\.js$).+',
          message: 'Import another module only through its index.ts.',
        }, {
          regex: '^\\.\\./(?!\\.\\./)[^/]+/(?!index\\.js$)[^/]+\\.js$',
          message: 'Import a sibling module only through its index.ts.',
        }],
      }],
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
