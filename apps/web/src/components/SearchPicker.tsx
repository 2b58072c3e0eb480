import type { UseQueryResult } from '@tanstack/react-query';
import { X } from 'lucide-react';
import { type KeyboardEvent, useId, useState } from 'react';
import { cn } from '../lib/cn';
import { apiError } from '../lib/errors';
import { useDebouncedValue } from '../lib/useDebouncedValue';
import type { ControlProps } from './Field';
import { TextInput } from './Field';

/** How a found or picked record shows: a name, and a line under it (number, email). */
export interface PickerLabel {
  primary: string;
  secondary: string;
}

/** The search terms shorter than this are not sent. */
const MIN_SEARCH = 2;

/**
 * Finds one record by a typed term — an ARIA combobox: arrows move through the results, Enter picks,
 * Escape closes the list. Once picked it shows as a card with a remove button.
 * `useResults(search, enabled)` is the server search: a hook running a list query with that search term.
 */
export function SearchPicker<T extends { id: string }, V>({
  control,
  value,
  onChange,
  useResults,
  toValue,
  labelOf,
  valueLabel,
  noun,
  placeholder,
  pickedTestId,
}: {
  control: ControlProps;
  value: V | null;
  onChange: (value: V | null) => void;
  useResults: (search: string, enabled: boolean) => UseQueryResult<{ items: T[] }, unknown>;
  toValue: (item: T) => V;
  labelOf: (item: T) => PickerLabel;
  valueLabel: (value: V) => PickerLabel;
  /** Plural, lower case: "customers", "users". */
  noun: string;
  placeholder: string;
  pickedTestId?: string;
}) {
  const listId = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const search = useDebouncedValue(text.trim(), 250);
  const results = useResults(search, open && search.length >= MIN_SEARCH);
  const items = results.data?.items ?? [];
  const Noun = noun.charAt(0).toUpperCase() + noun.slice(1);

  if (value) {
    const label = valueLabel(value);
    return (
      <div className="flex items-center justify-between gap-3 rounded-md bg-slate-50 px-3 py-2 ring-1 ring-slate-200">
        <div className="min-w-0 text-sm">
          <p className="truncate font-medium text-slate-900" data-testid={pickedTestId}>
            {label.primary}
          </p>
          <p className="truncate text-xs text-slate-500">{label.secondary}</p>
        </div>
        <button
          type="button"
          onClick={() => onChange(null)}
          className="rounded p-1 text-slate-500 hover:bg-slate-200 hover:text-slate-800"
          aria-label={`Remove ${label.primary}`}
        >
          <X className="size-4" aria-hidden="true" />
        </button>
      </div>
    );
  }

  const pick = (i: number) => {
    const item = items[i];
    if (!item) return;
    onChange(toValue(item));
    setOpen(false);
    setText('');
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, items.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter' && open && items.length) {
      e.preventDefault();
      pick(active);
    } else if (e.key === 'Escape' && open) {
      setOpen(false);
    }
  };

  const showList = open && search.length >= MIN_SEARCH;
  return (
    <div className="relative">
      <TextInput
        {...control}
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && items[active] ? `${listId}-${active}` : undefined}
        placeholder={placeholder}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
        autoComplete="off"
      />
      {showList && (
        <div
          id={listId}
          role="listbox"
          aria-label={`Matching ${noun}`}
          className="absolute z-10 mt-1 max-h-64 w-full overflow-auto rounded-md border border-slate-200 bg-white p-1 shadow-lg"
        >
          {results.isPending && <div className="px-3 py-2 text-sm text-slate-500">Searching…</div>}
          {results.isError && (
            <div className="px-3 py-2 text-sm text-rose-700" role="alert">
              {Noun} could not be searched: {apiError(results.error).message} Type again to retry.
            </div>
          )}
          {results.isSuccess && items.length === 0 && (
            <div className="px-3 py-2 text-sm text-slate-500">
              No {noun.replace(/s$/, '')} matches “{search}”.
            </div>
          )}
          {items.map((item, i) => {
            const label = labelOf(item);
            return (
              // Options are reached with the arrow keys via aria-activedescendant; focus stays in the input.
              <div
                key={item.id}
                tabIndex={-1}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => pick(i)}
                onKeyDown={(e) => e.key === 'Enter' && pick(i)}
                onMouseEnter={() => setActive(i)}
                className={cn('cursor-pointer rounded px-3 py-2 text-sm', i === active && 'bg-indigo-50')}
              >
                <span className="block font-medium text-slate-900">{label.primary}</span>
                <span className="block text-xs text-slate-600">{label.secondary}</span>
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
