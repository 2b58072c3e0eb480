import { mayCall } from '@cm/domain';
import { useQuery } from '@tanstack/react-query';
import { Search, X } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { Button } from '../../components/Button';
import { controlClass } from '../../components/Field';
import { FilterFoldButton, useFilterFold } from '../../components/FilterFold';
import { ANY, type Option, SelectControl } from '../../components/SelectField';
import { cn } from '../../lib/cn';
import { trpc } from '../../lib/trpc';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { useSessionUser } from '../auth/session';
import { PRIORITY_OPTIONS } from './ticketModel';
import type { TicketFilterPatch, TicketFilters, TicketSort } from './useTicketFilters';

const SORT_OPTIONS: Option[] = [
  { value: 'due', label: 'Due soonest' },
  { value: 'updated', label: 'Recently updated' },
  { value: 'created', label: 'Newest' },
];

function FilterSelect({
  id,
  label,
  value,
  options,
  anyLabel,
  onChange,
}: {
  id: string;
  label: string;
  value: string | undefined;
  options: readonly Option[];
  anyLabel?: string;
  onChange: (value: string | undefined) => void;
}) {
  return (
    <div className="w-full min-w-0 sm:w-44">
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-600">
        {label}
      </label>
      <SelectControl
        control={{ id }}
        value={value ?? ANY}
        onValueChange={(v) => onChange(v === ANY ? undefined : v)}
        options={anyLabel ? [{ value: ANY, label: anyLabel }, ...options] : options}
      />
    </div>
  );
}

/** Subject, number or customer search; the URL follows once typing pauses. */
function TicketSearchBox({ value, onSearch }: { value: string; onSearch: (search: string) => void }) {
  const [text, setText] = useState(value);
  const debounced = useDebouncedValue(text, 300);
  const onSearchRef = useRef(onSearch);
  onSearchRef.current = onSearch;

  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the debounced text only
  useEffect(() => {
    const search = debounced.trim();
    if (search !== value) onSearchRef.current(search);
  }, [debounced]);

  useEffect(() => {
    setText((current) => (current.trim() === value ? current : value));
  }, [value]);

  return (
    <div className="w-full min-w-0 sm:w-72">
      <label htmlFor="ticket-search" className="mb-1 block text-xs font-medium text-slate-600">
        Search
      </label>
      <div className="relative">
        <Search className="pointer-events-none absolute top-2.5 left-3 size-4 text-slate-400" aria-hidden="true" />
        <input
          id="ticket-search"
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') onSearchRef.current(text.trim());
          }}
          placeholder="Subject, number or customer"
          maxLength={200}
          className={cn(controlClass, 'h-9 pl-9')}
        />
      </div>
    </div>
  );
}

export function TicketFiltersBar({
  filters,
  setFilters,
  clearFilters,
  activeFilterCount,
}: {
  filters: TicketFilters;
  setFilters: (patch: TicketFilterPatch, opts?: { replace?: boolean }) => void;
  clearFilters: () => void;
  activeFilterCount: number;
}) {
  const user = useSessionUser();
  const groups = useQuery(
    trpc.ticketGroups.list.queryOptions(undefined, {
      enabled: mayCall(user.role, 'ticketGroups.list'),
      staleTime: 5 * 60_000,
    }),
  );
  const groupOptions = (groups.data ?? []).map((g) => ({ value: g.id, label: g.name }));
  const fold = useFilterFold('contents');
  return (
    <div className="flex flex-wrap items-end gap-3 border-b border-slate-200 p-4">
      <TicketSearchBox value={filters.search} onSearch={(search) => setFilters({ search }, { replace: true })} />
      <FilterFoldButton fold={fold} activeCount={activeFilterCount} />
      <div id={fold.panelId} className={fold.panelClass}>
        <FilterSelect
          id="ticket-filter-priority"
          label="Priority"
          value={filters.priority}
          options={PRIORITY_OPTIONS}
          anyLabel="Any priority"
          onChange={(v) => setFilters({ priority: v as TicketFilters['priority'] })}
        />
        <FilterSelect
          id="ticket-filter-queue"
          label="Queue"
          value={filters.groupId}
          options={groupOptions}
          anyLabel="Any queue"
          onChange={(groupId) => setFilters({ groupId })}
        />
        <FilterSelect
          id="ticket-sort"
          label="Sort"
          value={filters.sort}
          options={SORT_OPTIONS}
          onChange={(v) => v && setFilters({ sort: v as TicketSort }, { replace: true })}
        />
        {activeFilterCount > 0 && (
          <Button variant="ghost" onClick={clearFilters}>
            <X className="size-4" aria-hidden="true" /> Clear filters
          </Button>
        )}
      </div>
    </div>
  );
}
