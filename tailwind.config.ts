import type { Config } from 'tailwindcss';

// Loaded by app/globals.css (`@config`): the theme tokens the app uses beyond Tailwind's defaults
// and how dark mode is switched. The palette is Tailwind's own: zinc for surfaces and text, sky for
// links, focus rings and primary actions (also the icon's #0284c7, sky-600), red for danger.
const config: Config = {
  content: ['./app/**/*.{ts,tsx}', './components/**/*.{ts,tsx}'],
  // A `dark` class on <html>, set before paint by the root layout's script (stored choice, else the OS).
  darkMode: ['variant', '&:where(.dark, .dark *)'],
  theme: {
    extend: {
      fontFamily: {
        sans: [
          'ui-sans-serif',
          'system-ui',
          '-apple-system',
          '"Segoe UI"',
          'Roboto',
          '"Helvetica Neue"',
          'Arial',
          'sans-serif',
        ],
        mono: ['ui-monospace', 'SFMono-Regular', 'Menlo', 'Consolas', '"Liberation Mono"', 'monospace'],
      },
    },
  },
};

export default config;
