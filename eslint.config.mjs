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
    rules: {
      // The product's name and the names of other products keep their own casing; a model id is not prose.
      'obsidianmd/ui/sentence-case': [
        'warn',
        {
          brands: ['Overlay Memory', 'Ollama', 'OpenAI', 'Obsidian'],
          acronyms: ['HTTP', 'URL', 'API', 'LLM'],
          // A model id is not prose, and a URL keeps its scheme in lowercase.
          ignoreRegex: ['^[a-z0-9.:_-]+$', 'https?://'],
        },
      ],
    },
  },
  {
    files: [
      'src/core/**/*.ts',
      'src/engine/**/*.ts',
      'src/cli/**/*.ts',
      'src/bench/**/*.ts',
      'src/types/**/*.ts',
      'scripts/**/*.ts',
      'test/**/*.ts',
      '*.ts',
    ],
    extends: [js.configs.recommended, tseslint.configs.recommended],
  },
  {
    files: ['**/*.ts'],
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      // A leading underscore marks a parameter or binding that is deliberately unused (an interface's signature,
      // a rest-destructuring that drops fields).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Page-side glue of the smoke test: it drives the plugin bundle and the browser mock, both untyped there.
    files: ['scripts/smoke/**/*.ts'],
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/plugin/settings-tab.ts'],
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      // The declarative settings API (getSettingDefinitions) exists only from Obsidian 1.13; minAppVersion is 1.7.2,
      // so the tab keeps display(), which 1.13 still calls, until the minimum version moves past 1.13.
      'obsidianmd/settings-tab/prefer-setting-definitions': 'off',
      '@typescript-eslint/no-deprecated': 'off',
    },
  },
]);
