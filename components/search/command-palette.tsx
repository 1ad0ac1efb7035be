'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { SearchResult } from '@/lib/search/types';
import { hitDetails } from './hit-details';
import { paletteOptions, type PaletteOption } from './palette-options';
import { usePaletteSearch } from './use-palette-search';

/** Keys typed into a field must stay there: `/` opens the palette only from the page itself. */
function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * The search overlay on every admin page: `/` or Ctrl/⌘+K opens it, typing searches (debounced,
 * through GET /api/search/), arrows and Enter open a result, Escape closes it and gives the focus
 * back. A modal dialog with combobox/listbox semantics; Tab stays inside it.
 */
export function CommandPalette() {
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [selected, setActive] = useState(0);
  const search = usePaletteSearch(q, open);
  const router = useRouter();
  const inputRef = useRef<HTMLInputElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const ids = useId();
  const listId = `${ids}-list`;
  const options = paletteOptions(search.result, q);
  // New results may be fewer than the old ones: keep the highlight on an existing option.
  const active = selected < options.length ? selected : 0;

  const show = useCallback(() => {
    const focused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    // Ctrl+K inside the open dialog must not make the dialog its own focus-return target.
    if (!dialogRef.current?.contains(focused)) returnFocus.current = focused;
    setOpen(true);
    inputRef.current?.focus();
  }, []);
  const close = useCallback(() => {
    setOpen(false);
    setQ('');
    returnFocus.current?.focus();
  }, []);
  const go = useCallback(
    (option: PaletteOption) => {
      setOpen(false);
      setQ('');
      router.push(option.href);
    },
    [router],
  );

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      const ctrlK = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k';
      const slash =
        event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTypingTarget(event.target);
      if (!ctrlK && !slash) return;
      event.preventDefault();
      show();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [show]);

  useEffect(() => {
    if (open) inputRef.current?.focus();
  }, [open]);

  function onKeyDown(event: ReactKeyboardEvent<HTMLDivElement>) {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (options.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((active + step + options.length) % options.length);
    } else if (event.key === 'Enter' && event.target === inputRef.current) {
      event.preventDefault();
      const option = options[active];
      if (option) go(option);
    } else if (event.key === 'Tab') {
      // Focus trap: cycle between the dialog's own controls.
      const focusable = [...(dialogRef.current?.querySelectorAll<HTMLElement>('input, button') ?? [])];
      const index = focusable.indexOf(document.activeElement as HTMLElement);
      event.preventDefault();
      focusable[(index + (event.shiftKey ? -1 : 1) + focusable.length) % focusable.length]?.focus();
    }
  }

  const activeOption = options[active];
  return (
    <>
      <button
        type="button"
        className="btn min-w-44 justify-between text-zinc-500 dark:text-zinc-400"
        onClick={show}
        aria-keyshortcuts="/ Control+K Meta+K"
        aria-haspopup="dialog"
      >
        <span>Search…</span>
        <kbd className="rounded border border-zinc-300 px-1 text-[11px] dark:border-zinc-600">/</kbd>
      </button>
      {open && (
        <div
          className="fixed inset-0 z-50 flex items-start justify-center bg-zinc-950/40 p-4 pt-[12vh]"
          onMouseDown={(e) => e.target === e.currentTarget && close()}
        >
          <div
            ref={dialogRef}
            role="dialog"
            aria-modal="true"
            aria-label="Search the inventory"
            className="card w-full max-w-2xl shadow-2xl"
            onKeyDown={onKeyDown}
          >
            <div className="flex items-center gap-2 border-b border-zinc-200 p-2 dark:border-zinc-800">
              <input
                ref={inputRef}
                type="text"
                role="combobox"
                aria-label="Search"
                aria-expanded={options.length > 0}
                aria-controls={listId}
                aria-autocomplete="list"
                aria-activedescendant={activeOption ? `${ids}-opt-${active}` : undefined}
                placeholder="Name, VMID, IP, MAC, volid, UPID…"
                className="input border-0 text-base focus:ring-0"
                value={q}
                onChange={(e) => {
                  setQ(e.target.value);
                  setActive(0);
                }}
                autoComplete="off"
                spellCheck={false}
              />
              <button type="button" className="btn text-xs" onClick={close}>
                Esc
              </button>
            </div>
            <PaletteBody
              q={q}
              search={search}
              options={options}
              active={active}
              ids={ids}
              listId={listId}
              onHover={setActive}
              onPick={go}
            />
          </div>
        </div>
      )}
    </>
  );
}

interface PaletteBodyProps {
  q: string;
  search: { result: SearchResult | null; loading: boolean; error: string | null };
  options: PaletteOption[];
  active: number;
  ids: string;
  listId: string;
  onHover: (index: number) => void;
  onPick: (option: PaletteOption) => void;
}

function PaletteBody({ q, search, options, active, ids, listId, onHover, onPick }: PaletteBodyProps) {
  const status =
    search.error ??
    (search.loading
      ? 'Searching…'
      : search.result && search.result.groups.length === 0
        ? `Nothing matches “${search.result.q}”.`
        : q.trim().length < 2
          ? 'Type at least 2 characters.'
          : '');
  let index = -1;
  const sections: { label: string; options: { option: PaletteOption; index: number }[] }[] = [];
  for (const option of options) {
    index++;
    const last = sections[sections.length - 1];
    if (last && last.label === option.section) last.options.push({ option, index });
    else sections.push({ label: option.section, options: [{ option, index }] });
  }
  return (
    <div className="max-h-[60vh] overflow-y-auto p-1">
      <p role="status" className={status ? 'px-2 py-1.5 text-xs text-zinc-500 dark:text-zinc-400' : 'sr-only'}>
        {status || `${options.length} options`}
      </p>
      <ul id={listId} role="listbox" aria-label="Search results">
        {sections.map((section, s) => (
          <li key={`${section.label}-${s}`} role="presentation">
            <div
              id={`${ids}-sec-${s}`}
              role="presentation"
              className="px-2 pt-2 text-[11px] font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400"
            >
              {section.label}
            </div>
            <ul role="group" aria-labelledby={`${ids}-sec-${s}`}>
              {section.options.map(({ option, index: i }) => (
                <li
                  key={option.key}
                  id={`${ids}-opt-${i}`}
                  role="option"
                  aria-selected={i === active}
                  className={`flex cursor-pointer items-baseline gap-2 rounded px-2 py-1.5 ${i === active ? 'bg-sky-600 text-white' : ''}`}
                  onMouseMove={() => onHover(i)}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => onPick(option)}
                >
                  <span className={`truncate ${option.hit ? 'font-medium' : 'text-xs'}`}>{option.label}</span>
                  {option.hit && (
                    <span
                      className={`truncate text-xs ${i === active ? 'text-sky-100' : 'text-zinc-500 dark:text-zinc-400'}`}
                    >
                      {hitDetails(option.hit)}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}
