import * as Dialog from '@radix-ui/react-dialog';
import { useQuery } from '@tanstack/react-query';
import { Search, User } from 'lucide-react';
import { type KeyboardEvent, useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { overlayClass } from '../../components/Modal';
import { cn } from '../../lib/cn';
import { apiError } from '../../lib/errors';
import { trpc } from '../../lib/trpc';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { useReturnFocus } from '../../lib/useReturnFocus';
import type { NavItem } from './navigation';

interface Option {
  key: string;
  to: string;
  label: string;
  detail: string;
  icon: NavItem['icon'];
}

/** The palette itself (CommandPalette.tsx opens it); its own chunk, with the Radix dialog. */
export function PaletteDialog({ pages, onClose }: { pages: readonly NavItem[]; onClose: () => void }) {
  const navigate = useNavigate();
  const returnFocus = useReturnFocus(true);
  const listId = useId();
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const query = text.trim();
  const search = useDebouncedValue(query, 250);
  const customers = useQuery(
    trpc.customers.list.queryOptions({ search, limit: 8, sort: 'name' }, { enabled: search.length >= 2 }),
  );
  const lower = query.toLowerCase();
  const pageOptions: Option[] = pages
    .filter((p) => p.label.toLowerCase().includes(lower))
    .map((p) => ({ key: `page:${p.to}`, to: p.to, label: p.label, detail: 'Page', icon: p.icon }));
  const customerOptions: Option[] =
    search.length >= 2 && search === query
      ? (customers.data?.items ?? []).map((c) => ({
          key: `customer:${c.id}`,
          to: `/customers/${c.id}`,
          label: c.displayName,
          detail: `${c.customerNumber} · ${c.email}`,
          icon: User,
        }))
      : [];
  const options = [...pageOptions, ...customerOptions];
  const current = Math.min(active, options.length - 1);

  const go = (option: Option | undefined) => {
    if (!option) return;
    onClose();
    void navigate(option.to);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive(Math.min(current + 1, options.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive(Math.max(current - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      go(options[current]);
    }
  };

  const searching = query.length >= 2 && (search !== query || customers.isFetching);
  const optionId = (i: number) => `${listId}-${i}`;
  const renderOption = (o: Option, i: number) => (
    <div
      key={o.key}
      id={optionId(i)}
      role="option"
      tabIndex={-1}
      aria-selected={i === current}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => go(o)}
      onKeyDown={(e) => e.key === 'Enter' && go(o)}
      onMouseEnter={() => setActive(i)}
      className={cn(
        'flex cursor-pointer items-center gap-3 rounded px-3 py-2 text-sm',
        i === current && 'bg-indigo-50 text-indigo-900',
      )}
    >
      <o.icon className="size-4 shrink-0 text-slate-500" aria-hidden="true" />
      <span className="min-w-0">
        <span className="block truncate font-medium text-slate-900">{o.label}</span>
        <span className="block truncate text-xs text-slate-600">{o.detail}</span>
      </span>
    </div>
  );

  return (
    <Dialog.Root open onOpenChange={(next) => !next && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className={overlayClass} />
        <Dialog.Content
          aria-describedby={undefined}
          onCloseAutoFocus={returnFocus}
          className="fixed top-[10vh] left-1/2 z-50 flex max-h-[80vh] w-[calc(100vw-2rem)] max-w-lg -translate-x-1/2 flex-col rounded-xl bg-white shadow-xl focus:outline-none"
          data-testid="command-palette"
        >
          <Dialog.Title className="sr-only">Jump to a page or customer</Dialog.Title>
          <div className="flex items-center gap-2 border-b border-slate-200 px-4">
            <Search className="size-4 shrink-0 text-slate-500" aria-hidden="true" />
            <input
              role="combobox"
              aria-label="Page, customer name or number"
              aria-expanded={options.length > 0}
              aria-controls={listId}
              aria-autocomplete="list"
              aria-activedescendant={options[current] ? optionId(current) : undefined}
              placeholder="Page, customer name or number"
              autoComplete="off"
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setActive(0);
              }}
              onKeyDown={onKeyDown}
              className="h-12 min-w-0 flex-1 bg-transparent text-sm text-slate-900 placeholder:text-slate-500 focus:outline-none"
            />
          </div>
          <div className="overflow-y-auto p-2">
            <div id={listId} role="listbox" aria-label="Pages and customers">
              {options.map(renderOption)}
            </div>
            <div aria-live="polite" className="px-3 py-2 text-xs text-slate-600">
              {searching && 'Searching customers…'}
              {customers.isError &&
                search === query &&
                `Customers could not be searched: ${apiError(customers.error).message}`}
              {query.length >= 2 &&
                !searching &&
                !customers.isError &&
                options.length === 0 &&
                `Nothing matches “${query}”.`}
              {query.length < 2 && 'Type two or more characters to find a customer by name or number.'}
            </div>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
