import type { Config } from 'tailwindcss';

// Tailwind 4 reads its theme from app/globals.css (@theme); this file keeps the content globs
// and dark-mode strategy explicit for editors and for `@config`.
const config: Config = {
  content: ['./app/**/*.{ts,tsx}', './components/**/*.{ts,tsx}'],
  darkMode: 'class',
};

export default config;
