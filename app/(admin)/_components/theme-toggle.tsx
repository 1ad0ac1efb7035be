'use client';

import { useEffect, useSyncExternalStore } from 'react';

type Theme = 'system' | 'light' | 'dark';
const NEXT: Record<Theme, Theme> = { system: 'light', light: 'dark', dark: 'system' };
const LABEL: Record<Theme, string> = { system: 'System', light: 'Light', dark: 'Dark' };
const ICON: Record<Theme, string> = { system: '◐', light: '☀', dark: '☾' };
const CHANGE_EVENT = 'proxbox-theme';
const osDark = () => matchMedia('(prefers-color-scheme: dark)');

function storedTheme(): Theme {
  const value = localStorage.getItem('theme');
  return value === 'light' || value === 'dark' ? value : 'system';
}

/** Applies a choice the same way the root layout's pre-paint script does. */
function applyTheme(theme: Theme): void {
  document.documentElement.classList.toggle('dark', theme === 'dark' || (theme === 'system' && osDark().matches));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('storage', onChange);
  window.addEventListener(CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener('storage', onChange);
    window.removeEventListener(CHANGE_EVENT, onChange);
  };
}

/**
 * Cycles System → Light → Dark. "System" (the default) follows the OS, also when the OS switches
 * while the page is open; an explicit choice is remembered in localStorage.
 */
export function ThemeToggle() {
  // The server cannot know the stored choice: it renders "System", the client then corrects it.
  const theme = useSyncExternalStore(subscribe, storedTheme, () => 'system' as Theme);

  useEffect(() => {
    applyTheme(theme);
    if (theme !== 'system') return;
    const media = osDark();
    const follow = () => applyTheme('system');
    media.addEventListener('change', follow);
    return () => media.removeEventListener('change', follow);
  }, [theme]);

  const next = NEXT[theme];
  return (
    <button
      type="button"
      className="btn"
      aria-label={`Theme: ${LABEL[theme]}. Switch to ${LABEL[next].toLowerCase()}`}
      title={`Theme: ${LABEL[theme]} (click for ${LABEL[next].toLowerCase()})`}
      onClick={() => {
        if (next === 'system') localStorage.removeItem('theme');
        else localStorage.setItem('theme', next);
        window.dispatchEvent(new Event(CHANGE_EVENT));
      }}
    >
      <span aria-hidden="true">{ICON[theme]}</span>
      <span className="hidden text-xs lg:inline">{LABEL[theme]}</span>
    </button>
  );
}
