// ESLint flat config: Next's recommended sets plus the project's layering rules
// (app -> lib -> db, never upward; components never reach the database; docs/architecture.md).
import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

/** `@/<dir>` or a relative `../<dir>` import of one top-level folder. */
const importOf = (dir, except = '') => [`^@/${dir}(?:$|/${except})`, `^(?:\\./)?(?:\\.\\./)+${dir}(?:$|/${except})`];

// Simulators are test and demo tooling: the app must never ship or depend on them.
const simulatorsOnlyForTooling = {
  regex: importOf('simulators').join('|'),
  message:
    'Only scripts/, tests/, lib/demo/ and simulators/ may import simulators/ (test and demo tooling, not app code).',
};
const toolingFolders = ['scripts/**', 'tests/**', 'lib/demo/**', 'simulators/**'];

const componentsMayNotImport = [
  simulatorsOnlyForTooling,
  {
    regex: importOf('db').join('|'),
    message: 'components/ must not import db/: take data as props from a page (docs/architecture.md).',
  },
  {
    regex: importOf('lib/data').join('|'),
    message: 'components/ must not import the data-access layer lib/data/: pages call it and pass DTOs down.',
  },
];

const dbMayNotImport = [
  simulatorsOnlyForTooling,
  {
    regex: importOf('lib', '(?!crypto(?:/|$))').join('|'),
    message: 'db/ sits below lib/: it may import only lib/crypto/ (docs/architecture.md).',
  },
];

export default defineConfig([
  globalIgnores(['.next/**', 'node_modules/**', 'data/**', 'test-results/**', 'db/migrations/**', 'next-env.d.ts']),
  ...nextVitals,
  ...nextTs,
  {
    name: 'proxbox/typescript',
    files: ['**/*.{ts,tsx,mts,cts}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      // `_name` marks a parameter a signature requires but the body does not use.
      '@typescript-eslint/no-unused-vars': [
        'warn',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    name: 'proxbox/simulators-for-tooling-only',
    files: ['**/*.{ts,tsx,js,jsx,mjs}'],
    ignores: [...toolingFolders, 'components/**', 'db/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [simulatorsOnlyForTooling] }] },
  },
  {
    name: 'proxbox/layering-components',
    files: ['components/**/*.{ts,tsx,js,jsx,mjs}'],
    rules: { 'no-restricted-imports': ['error', { patterns: componentsMayNotImport }] },
  },
  {
    name: 'proxbox/layering-db',
    files: ['db/**/*.{ts,tsx,js,mjs}'],
    rules: { 'no-restricted-imports': ['error', { patterns: dbMayNotImport }] },
  },
]);
