import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', '**/dist/**', 'examples/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Forgetting to await a Temporal or S3 call loses work silently.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The browser component and the pages' scripts: plain ES modules in the browser.
    files: ['packages/status-element/**/*.js', 'services/api/public/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
  {
    // The examples' servers are plain Node ESM; their pages' scripts run in the browser.
    files: ['examples/**/*.js'],
    ignores: ['examples/*/public/**'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['examples/*/public/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
  {
    // CI's own scripts are plain Node ESM.
    files: ['.ci/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // Workflow code is bundled and replayed: Node built-ins would break determinism.
    files: ['packages/jobs/src/workflows/**/*.ts', 'packages/client/src/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'stream'] },
      ],
    },
  },
);
