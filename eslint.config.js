import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'tests/screenshots/**',
      'bench-results/**',
      'data/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // shared/ is pure: no server libraries, no Node built-ins, no DOM.
    files: ['shared/src/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'node:*',
                'fs',
                'path',
                'express',
                'ws',
                'better-sqlite3',
                'react',
                'react-dom',
                'prosemirror-view',
              ],
              message: 'shared/ is pure TypeScript.',
            },
            {
              group: ['**/server/**', '**/client/**', '@accord/server', '@accord/client'],
              message: 'shared/ depends on nothing of ours.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/client/**', '@accord/client', 'react', 'react-dom'],
              message: 'The server never depends on the client.',
            },
          ],
        },
      ],
    },
  },
);
