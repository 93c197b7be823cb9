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
]);
