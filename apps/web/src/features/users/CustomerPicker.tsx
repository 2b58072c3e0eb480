import { useQuery } from '@tanstack/react-query';
import { X } from 'lucide-react';
import { type KeyboardEvent, useId, useState } from 'react';
import type { ControlProps } from '../../components/Field';
import { TextInput } from '../../components/Field';
import { cn } from '../../lib/cn';
import { apiError } from '../../lib/errors';
import { trpc } from '../../lib/trpc';
import { useDebouncedValue } from '../../lib/useDebouncedValue';

export interface PickedCustomer {
  id: string;
  displayName: string;
  customerNumber: string;
  email: string;
}

/**
 * Finds a customer by name, email or number (customers.list search) — an ARIA combobox:
 * arrows move through the results, Enter picks, Escape closes the list.
 */
export function CustomerPicker({
  control,
  value,
  onChange,
}: {
  control: ControlProps;
  value: PickedCustomer | null;
  onChange: (customer: PickedCustomer | null) => void;
}) {
  const listId = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const search = useDebouncedValue(text.trim(), 250);
  const results = useQuery(
    trpc.customers.list.queryOptions({ search, limit: 8, sort: 'name' }, { enabled: open && search.length >= 2 }),
  );
  const items = results.data?.items ?? [];

  if (value) {
    return (
      <div className="flex items-center justify-between gap-3 rounded-md bg-slate-50 px-3 py-2 ring-1 ring-slate-200">
        <div className="min-w-0 text-sm">
          <p className="truncate font-medium text-slate-900" data-testid="picked-customer">
            {value.displayName}
          </p>
          <p className="truncate text-xs text-slate-500">
            {value.customerNumber} · {value.email}
          </p>
        </div>
        <button
          type="button"
          onClick={() => onChange(null)}
          className="rounded p-1 text-slate-500 hover:bg-slate-200 hover:text-slate-800"
          aria-label={`Remove ${value.displayName}`}
        >
          <X className="size-4" aria-hidden="true" />
        </button>
      </div>
    );
  }

  const pick = (i: number) => {
    const c = items[i];
    if (!c) return;
    onChange({ id: c.id, displayName: c.displayName, customerNumber: c.customerNumber, email: c.email });
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

  const showList = open && search.length >= 2;
  return (
    <div className="relative">
      <TextInput
        {...control}
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && items[active] ? `${listId}-${active}` : undefined}
        placeholder="Type a name, email or customer number"
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
          aria-label="Matching customers"
          className="absolute z-10 mt-1 max-h-64 w-full overflow-auto rounded-md border border-slate-200 bg-white p-1 shadow-lg"
        >
          {results.isPending && <div className="px-3 py-2 text-sm text-slate-500">Searching…</div>}
          {results.isError && (
            <div className="px-3 py-2 text-sm text-rose-700" role="alert">
              Customers could not be searched: {apiError(results.error).message} Type again to retry.
            </div>
          )}
          {results.isSuccess && items.length === 0 && (
            <div className="px-3 py-2 text-sm text-slate-500">No customer matches “{search}”.</div>
          )}
          {items.map((c, i) => (
            // Options are reached with the arrow keys via aria-activedescendant; focus stays in the input.
            <div
              key={c.id}
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
              <span className="block font-medium text-slate-900">{c.displayName}</span>
              <span className="block text-xs text-slate-600">
                {c.customerNumber} · {c.email}
              </span>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
