import { defineConfig } from 'eslint/config';
import obsidianmd from 'eslint-plugin-obsidianmd';
import tseslint from 'typescript-eslint';
import js from '@eslint/js';

export default defineConfig([
  { ignores: ['dist/**', 'main.js', 'node_modules/**', 'stubs/**', 'bench-results/**', 'examples/**'] },
  {
    files: ['src/plugin/**/*.ts'],
    extends: [obsidianmd.configs.recommended],
    languageOptions: { parserOptions: { projectService: true } },
  },
  {
    files: ['src/core/**/*.ts', 'src/engine/**/*.ts', 'src/cli/**/*.ts', 'src/bench/**/*.ts', 'test/**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
  },
  {
    files: ['**/*.ts'],
    rules: {
      // A leading underscore marks a parameter or binding that is deliberately unused (an interface's signature,
      // a rest-destructuring that drops fields).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/plugin/settings-tab.ts'],
    rules: {
      // The declarative settings API (getSettingDefinitions) exists only from Obsidian 1.13; minAppVersion is 1.7.2,
      // so the tab keeps display(), which 1.13 still calls, until the minimum version moves past 1.13.
      'obsidianmd/settings-tab/prefer-setting-definitions': 'off',
      '@typescript-eslint/no-deprecated': 'off',
    },
  },
]);
