'use client';

import { useId, useState, type KeyboardEvent } from 'react';
import type { BriefRef } from '@/lib/models/types';
import { fkDisplayName } from '@/lib/forms/form-data';
import { FkOptions } from './fk-options';
import { useFkSearch } from './use-fk-search';

export interface FkPickerProps {
  /** Id of the text input, for `<label htmlFor>`. */
  id: string;
  /** Registry key of the referenced model. */
  model: string;
  /** The initially selected object. */
  initial: BriefRef | null;
  /** When set, the id is submitted under this name (plus `<name>__display` for error refills). */
  name?: string;
  /** Offer a "clear" button (nullable fields). */
  clearable?: boolean;
  /** Called on every pick or clear. */
  onSelect?: (ref: BriefRef | null) => void;
  /** Filter mode: empty the box after each pick instead of showing the pick. */
  resetOnSelect?: boolean;
  invalid?: boolean;
  describedBy?: string;
  placeholder?: string;
}

/** An ARIA combobox that searches the referenced model on the server as the user types. */
export function FkPicker(props: FkPickerProps) {
  const {
    id,
    model,
    initial,
    name,
    clearable = true,
    onSelect,
    resetOnSelect,
    invalid,
    describedBy,
    placeholder,
  } = props;
  const listId = useId();
  const [selected, setSelected] = useState<BriefRef | null>(resetOnSelect ? null : initial);
  const [text, setText] = useState(resetOnSelect ? '' : (initial?.display ?? ''));
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const typed = open && text !== (selected?.display ?? '');
  const search = useFkSearch(model, typed ? text : '', open);

  function choose(ref: BriefRef | null) {
    setSelected(resetOnSelect ? null : ref);
    setText(resetOnSelect || !ref ? '' : ref.display);
    setOpen(false);
    onSelect?.(ref);
  }

  function close() {
    setOpen(false);
    setText(selected?.display ?? '');
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const count = search.options.length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) setOpen(true);
      else if (count > 0) setActive((i) => (i + (event.key === 'ArrowDown' ? 1 : count - 1)) % count);
    } else if (event.key === 'Enter' && open) {
      event.preventDefault();
      if (search.options[active]) choose(search.options[active]);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      close();
    }
  }

  return (
    <div className="relative">
      {name && <input type="hidden" name={name} value={selected ? String(selected.id) : ''} />}
      {name && <input type="hidden" name={fkDisplayName(name)} value={selected?.display ?? ''} />}
      <div className="flex gap-1">
        <input
          id={id}
          type="text"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={open && search.options[active] ? `${listId}-${active}` : undefined}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          className="input"
          placeholder={placeholder ?? 'Type to search…'}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setActive(0);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onBlur={close}
          onKeyDown={onKeyDown}
        />
        {clearable && selected && (
          <button type="button" className="btn" aria-label="Clear selection" onClick={() => choose(null)}>
            ×
          </button>
        )}
      </div>
      {open && <FkOptions id={listId} search={search} active={active} selectedId={selected?.id} onChoose={choose} />}
    </div>
  );
}
