import { can } from '@cm/domain';
import { Download, X } from 'lucide-react';
import { memo } from 'react';
import { Button, buttonClass } from '../../components/Button';
import { FilterFoldButton, useFilterFold } from '../../components/FilterFold';
import { NativeSelect } from '../../components/NativeSelect';
import type { Option } from '../../components/SelectField';
import { cn } from '../../lib/cn';
import { useSessionUser } from '../auth/session';
import { CountryPicker } from './CountryPicker';
import { CustomerSearchBox } from './CustomerSearchBox';
import { KYC_OPTIONS, RISK_OPTIONS, SORT_OPTIONS, STATUS_OPTIONS, TYPE_OPTIONS } from './customerOptions';
import { type CustomerFilters, exportUrlOf, type FilterPatch, type FilterUpdate } from './useCustomerFilters';

type CheckFilter = 'status' | 'kycStatus' | 'type' | 'riskLevel';

/** The filters that take several values, one checkbox each, in the order they show. */
const CHECK_GROUPS: readonly { name: CheckFilter; legend: string; options: readonly Option[] }[] = [
  { name: 'status', legend: 'Status', options: STATUS_OPTIONS },
  { name: 'kycStatus', legend: 'KYC status', options: KYC_OPTIONS },
  { name: 'type', legend: 'Type', options: TYPE_OPTIONS },
  { name: 'riskLevel', legend: 'Risk', options: RISK_OPTIONS },
];

/** `value` added, or taken out if it is there. */
const toggled = (values: readonly string[], value: string) =>
  values.includes(value) ? values.filter((v) => v !== value) : [...values, value];

/**
 * One multi-value filter: a fieldset of checkboxes. A click toggles its value in the latest filters
 * (not the rendered ones), so boxes ticked faster than the list re-renders all count.
 */
function CheckGroup({
  legend,
  name,
  options,
  value,
  setFilters,
}: {
  legend: string;
  name: CheckFilter;
  options: readonly Option[];
  value: readonly string[];
  setFilters: (update: FilterUpdate) => void;
}) {
  return (
    <fieldset className="min-w-0">
      <legend className="mb-1 text-xs font-medium text-slate-600">{legend}</legend>
      <div className="flex flex-wrap gap-x-3 gap-y-1">
        {options.map((o) => (
          <label key={o.value} className="flex items-center gap-1.5 text-sm text-slate-700">
            <input
              type="checkbox"
              name={name}
              value={o.value}
              className="size-4 rounded border-slate-300 accent-indigo-600"
              checked={value.includes(o.value)}
              // The options are the domain's values for this filter, so the toggled list is one of them.
              onChange={() => setFilters((f) => ({ [name]: toggled(f[name], o.value) }) as FilterPatch)}
            />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** The filters a dashboard card opens, which have no control of their own: each shows as a chip that removes it. */
function WindowChips({ filters, setFilters }: { filters: CustomerFilters; setFilters: (patch: FilterPatch) => void }) {
  const chips: { label: string; remove: FilterPatch }[] = [];
  if (filters.createdWithinDays)
    chips.push({
      label: `Created in the last ${plural(filters.createdWithinDays, 'day')}`,
      remove: { createdWithinDays: undefined },
    });
  if (filters.kycExpiringWithinDays)
    chips.push({
      label: `KYC document expiring within ${plural(filters.kycExpiringWithinDays, 'day')}`,
      remove: { kycExpiringWithinDays: undefined },
    });
  if (chips.length === 0) return null;
  return (
    <ul aria-label="Dashboard filters" className="flex flex-wrap gap-2">
      {chips.map((chip) => (
        <li key={chip.label}>
          <button
            type="button"
            data-testid="filter-chip"
            className="inline-flex items-center gap-1.5 rounded-full border border-indigo-200 bg-indigo-50 py-1 pr-2 pl-3 text-sm text-indigo-800 hover:bg-indigo-100"
            aria-label={`Remove filter: ${chip.label}`}
            onClick={() => setFilters(chip.remove)}
          >
            {chip.label}
            <X className="size-3.5" aria-hidden="true" />
          </button>
        </li>
      ))}
    </ul>
  );
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/**
 * Memoized: the list page re-renders as its list, total and session answers arrive (some of them synchronously, as
 * a query's update is); the filters, with their pickers, only when the filters change.
 */
export const CustomerFiltersBar = memo(function CustomerFiltersBar({
  filters,
  setFilters,
  clearFilters,
  activeFilterCount,
  canShowDeleted,
}: {
  filters: CustomerFilters;
  setFilters: (update: FilterUpdate, opts?: { replace?: boolean }) => void;
  clearFilters: () => void;
  activeFilterCount: number;
  canShowDeleted: boolean;
}) {
  const user = useSessionUser();
  const fold = useFilterFold('flex');
  return (
    <div className="space-y-4 border-b border-slate-200 p-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <CustomerSearchBox value={filters.search} onSearch={(search) => setFilters({ search }, { replace: true })} />
        <div className="flex flex-wrap items-center gap-3">
          <FilterFoldButton fold={fold} activeCount={activeFilterCount} />
          {canShowDeleted && (
            <label className="flex items-center gap-2 text-sm text-slate-700">
              <input
                type="checkbox"
                className="size-4 rounded border-slate-300 accent-indigo-600"
                checked={filters.includeDeleted}
                onChange={(e) => setFilters({ includeDeleted: e.target.checked })}
              />
              Show deleted
            </label>
          )}
          <div className="flex items-center gap-2">
            <label htmlFor="filter-sort" className="text-sm text-slate-600">
              Sort
            </label>
            <NativeSelect
              id="filter-sort"
              className="w-44"
              value={`${filters.sort}:${filters.order}`}
              onValueChange={(v) => {
                const [sort, order] = v.split(':') as [CustomerFilters['sort'], CustomerFilters['order']];
                setFilters({ sort, order });
              }}
              options={SORT_OPTIONS}
            />
          </div>
          {can(user.role, 'customers:export') && (
            <a href={exportUrlOf(filters)} download className={buttonClass('secondary', 'sm')}>
              <Download className="size-4" aria-hidden="true" /> Export CSV
            </a>
          )}
        </div>
      </div>
      <WindowChips filters={filters} setFilters={setFilters} />
      <div id={fold.panelId} className={cn('flex-wrap items-start gap-x-6 gap-y-3', fold.panelClass)}>
        {CHECK_GROUPS.map((group) => (
          <CheckGroup key={group.name} {...group} value={filters[group.name]} setFilters={setFilters} />
        ))}
        <CountryPicker value={filters.country} onChange={(edit) => setFilters((f) => ({ country: edit(f.country) }))} />
        {(activeFilterCount > 0 || filters.search) && (
          <Button variant="ghost" className="self-end" onClick={clearFilters}>
            <X className="size-4" aria-hidden="true" /> Clear filters
          </Button>
        )}
      </div>
    </div>
  );
});
