'use client';

import { useSyncExternalStore } from 'react';

// React Flow has its own light/dark palettes; this follows the app's theme, which is a `dark`
// class on <html> toggled by the theme button (app/(admin)/_components/theme-toggle.tsx).

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}

const isDark = () => document.documentElement.classList.contains('dark');

/** 'dark' or 'light', re-rendering when the theme toggles. */
export function useColorMode(): 'dark' | 'light' {
  return useSyncExternalStore(
    subscribe,
    () => (isDark() ? 'dark' : 'light'),
    () => 'light',
  );
}
