'use client';

import { useEffect, useEffectEvent, useId, useState } from 'react';

const DEBOUNCE_MS = 350;

interface QuickSearchProps {
  initial: string;
  placeholder: string;
  onSearch: (q: string) => void;
}

/** The `q` box: searches after a pause in typing, or at once on Enter. */
export function QuickSearch({ initial, placeholder, onSearch }: QuickSearchProps) {
  const id = useId();
  const [value, setValue] = useState(initial);
  const search = useEffectEvent((q: string) => onSearch(q));

  useEffect(() => {
    if (value.trim() === initial) return;
    const timer = setTimeout(() => search(value.trim()), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [value, initial]);

  return (
    <form
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(value.trim());
      }}
    >
      <label htmlFor={id} className="sr-only">
        Quick search
      </label>
      <input
        id={id}
        type="search"
        className="input w-64"
        placeholder={placeholder}
        value={value}
        onChange={(e) => setValue(e.target.value)}
      />
    </form>
  );
}
