// Lint: strict TypeScript, zero warnings, and the folder boundaries of ARCHITECTURE.md enforced
// as import restrictions (which environment a file may run in is checked here, not remembered).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'stream', 'util', 'events', 'net', 'readline'];

const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'native/build/**', 'test-results/**', 'playwright-report/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // No import cycles anywhere: a cycle means two modules are one concern, or a layer points the wrong way.
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { projectService: false, project: null },
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', performance: 'readonly', Buffer: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly' },
    },
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // app/: environment-free domain code shared by every process.
    files: ['app/**/*.ts'],
    ignores: ['app/**/*.test.ts'],
    rules: restrict([
      { group: [...nodeBuiltins, 'electron', 'react', 'react-dom', 'zustand', 'drivelist'], message: 'app/ is environment-free: no Node, Electron or React.' },
      { regex: '^(\\.\\./)+(main|renderer|native|e2e|scripts)(/|$)', message: 'app/ may import only from app/.' },
    ]),
  },
  {
    // Only main/electron/ (and the entry) may use Electron: the engine, CLI, writer, supervisor and
    // service run without it (CLI, privileged writer, e2e web tests).
    files: ['main/**/*.ts', 'native/**/*.ts'],
    // Test support for the renderer's component tests renders the renderer (it runs in jsdom).
    ignores: ['main/electron/**', 'main/index.ts', 'main/test-support/renderer/**'],
    rules: restrict([
      { group: ['electron'], message: 'Only main/electron/ may import Electron.' },
      { regex: '^(\\.\\./)+renderer(/|$)', message: 'Node code may not import the renderer.' },
    ]),
  },
  {
    // The engine is the bottom of main/: the service, supervisor, writer, CLI and Electron glue are
    // built on it, never the other way round (flat config replaces the rule's options: repeat them).
    files: ['main/engine/**/*.ts'],
    ignores: ['main/engine/**/*.test.ts'],
    rules: restrict([
      { group: ['electron'], message: 'Only main/electron/ may import Electron.' },
      { regex: '^(\\.\\./)+renderer(/|$)', message: 'Node code may not import the renderer.' },
      { regex: '^(\\.\\./)+(service|supervisor|writer|cli|electron)(/|$)', message: 'The engine may not import the service, supervisor, writer, CLI or Electron layer.' },
    ]),
  },
  {
    // IPC goes through the typed wrappers only (GitHub Desktop's rule).
    files: ['main/electron/**/*.ts'],
    ignores: ['main/electron/ipc.ts', 'main/electron/preload.ts', 'main/electron/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', importNames: ['ipcMain', 'ipcRenderer'], message: 'Use main/electron/ipc.ts or the preload.' }] },
      ],
    },
  },
  {
    // React's rules of hooks (and the compiler-era checks: no refs read in render, pure renders).
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.flat.recommended.rules,
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    // The Vite config runs in Node at build time, not in the window.
    ignores: ['renderer/vite.config.ts', 'renderer/**/*.test.ts', 'renderer/**/*.test.tsx'],
    rules: restrict([
      { group: [...nodeBuiltins, 'electron', 'drivelist'], message: 'The renderer is sandboxed: no Node, no Electron; use bridge.ts.' },
      { regex: '^(\\.\\./)+(main|native)(/|$)', message: 'The renderer may import only app/ and renderer/.' },
    ]),
  },
  {
    // Component tests run in jsdom too: no Node or Electron, and from main/ only the renderer's test support.
    files: ['renderer/**/*.test.ts', 'renderer/**/*.test.tsx'],
    rules: restrict([
      { group: [...nodeBuiltins, 'electron', 'drivelist'], message: 'Component tests run in jsdom: no Node, no Electron.' },
      { regex: '^(\\.\\./)+(native|main/(?!test-support/renderer/))', message: 'Component tests may import app/, renderer/ and main/test-support/renderer/ only.' },
    ]),
  },
);
