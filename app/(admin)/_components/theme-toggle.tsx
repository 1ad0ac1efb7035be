'use client';

/** Flips the `dark` class set by the root layout's script and remembers the choice. */
export function ThemeToggle() {
  return (
    <button
      type="button"
      className="btn"
      aria-label="Toggle dark mode"
      title="Toggle dark mode"
      onClick={() => {
        const dark = document.documentElement.classList.toggle('dark');
        localStorage.setItem('theme', dark ? 'dark' : 'light');
      }}
    >
      <span aria-hidden="true" className="dark:hidden">☾</span>
      <span aria-hidden="true" className="hidden dark:inline">☀</span>
    </button>
  );
}
