// Layering is enforced here (and by tsconfig.engine.json / tsconfig.web.json):
// the engine never imports electron or react; the renderer never imports node or engine code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'net', 'http', 'https', 'child_process', 'crypto', 'dgram', 'stream', 'events', 'url', 'util', 'zlib', 'tls'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test/e2e/screenshots/**', 'resources/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['bin/**/*.js', 'scripts/**/*.{js,mjs}', 'bench/**/*.{js,mjs}'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['src/main/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*'], message: 'Bad layering: the engine runs under plain Node and must not import electron.' },
          { group: ['react', 'react-dom', 'react/*', 'zustand'], message: 'Bad layering: the engine must not import UI code.' },
          { group: ['**/renderer/**', '**/preload/**'], message: 'Bad layering: the engine must not import renderer/preload code.' },
        ],
      }],
    },
  },
  {
    files: ['src/main/engine/protocols/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:net', 'node:dgram', 'node:http', 'node:https', 'node:tls', 'net', 'dgram', 'http', 'https', 'tls'], message: 'Bad layering: protocols know bytes only; sockets live in servers/.' },
          { group: ['**/servers/**', '**/core/**', '**/log/**'], message: 'Bad layering: protocols depend on nothing above them.' },
          { group: ['electron', 'react'], message: 'Bad layering.' },
        ],
      }],
    },
  },
  {
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'Bad layering: the renderer runs in a browser and must not import Node modules.' },
          { group: ['**/main/**', '**/engine/**', 'electron'], message: 'Bad layering: the renderer talks to the engine only through the RelayboxApi contract in src/shared.' },
        ],
      }],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/main/**', '**/renderer/**', 'electron', 'react'], message: 'Bad layering: src/shared is the contract and depends on nothing else in the project.' },
          { group: nodeBuiltins, message: 'Bad layering: src/shared must run in the browser too.' },
        ],
      }],
    },
  },
);
