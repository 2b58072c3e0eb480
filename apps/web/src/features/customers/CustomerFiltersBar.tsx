import { X } from 'lucide-react';
import { Button } from '../../components/Button';
import { ANY, type Option, SelectControl } from '../../components/SelectField';
import { COUNTRY_OPTIONS } from '../../lib/countries';
import { CustomerSearchBox } from './CustomerSearchBox';
import { KYC_OPTIONS, RISK_OPTIONS, SORT_OPTIONS, STATUS_OPTIONS, TYPE_OPTIONS } from './customerOptions';
import type { CustomerFilters, FilterPatch } from './useCustomerFilters';

function FilterSelect({
  id,
  label,
  value,
  options,
  anyLabel,
  onChange,
  width = 'w-40',
}: {
  id: string;
  label: string;
  value: string | undefined;
  options: readonly Option[];
  anyLabel: string;
  onChange: (value: string | undefined) => void;
  width?: string;
}) {
  return (
    <div className={width}>
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-600">
        {label}
      </label>
      <SelectControl
        control={{ id }}
        value={value ?? ANY}
        onValueChange={(v) => onChange(v === ANY ? undefined : v)}
        options={[{ value: ANY, label: anyLabel }, ...options]}
      />
    </div>
  );
}

/** The one-value filters under the search box, in the order shown. */
const SELECT_FILTERS: readonly {
  key: 'status' | 'kycStatus' | 'type' | 'riskLevel' | 'country';
  id: string;
  label: string;
  anyLabel: string;
  options: readonly Option[];
  width?: string;
}[] = [
  { key: 'status', id: 'filter-status', label: 'Status', anyLabel: 'Any status', options: STATUS_OPTIONS },
  { key: 'kycStatus', id: 'filter-kyc', label: 'KYC status', anyLabel: 'Any KYC status', options: KYC_OPTIONS },
  { key: 'type', id: 'filter-type', label: 'Type', anyLabel: 'Any type', options: TYPE_OPTIONS },
  { key: 'riskLevel', id: 'filter-risk', label: 'Risk', anyLabel: 'Any risk', options: RISK_OPTIONS },
  {
    key: 'country',
    id: 'filter-country',
    label: 'Country',
    anyLabel: 'Any country',
    options: COUNTRY_OPTIONS,
    width: 'w-52',
  },
];

export function CustomerFiltersBar({
  filters,
  setFilters,
  clearFilters,
  activeFilterCount,
  canShowDeleted,
}: {
  filters: CustomerFilters;
  setFilters: (patch: FilterPatch, opts?: { replace?: boolean }) => void;
  clearFilters: () => void;
  activeFilterCount: number;
  canShowDeleted: boolean;
}) {
  return (
    <div className="space-y-4 border-b border-slate-200 p-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <CustomerSearchBox value={filters.search} onSearch={(search) => setFilters({ search }, { replace: true })} />
        <div className="flex items-center gap-4">
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
            <SelectControl
              control={{ id: 'filter-sort' }}
              className="w-40"
              value={filters.sort}
              onValueChange={(v) => setFilters({ sort: v as CustomerFilters['sort'] })}
              options={SORT_OPTIONS}
            />
          </div>
        </div>
      </div>
      <div className="flex flex-wrap items-end gap-3">
        {SELECT_FILTERS.map(({ key, ...select }) => (
          <FilterSelect
            key={key}
            {...select}
            value={filters[key]}
            // The options hold only this filter's own values, so the value fits its key.
            onChange={(v) => setFilters({ [key]: v } as FilterPatch)}
          />
        ))}
        {(activeFilterCount > 0 || filters.search) && (
          <Button variant="ghost" onClick={clearFilters}>
            <X className="size-4" aria-hidden="true" /> Clear filters
          </Button>
        )}
      </div>
    </div>
  );
}
