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
        <FilterSelect
          id="filter-status"
          label="Status"
          anyLabel="Any status"
          value={filters.status}
          options={STATUS_OPTIONS}
          onChange={(v) => setFilters({ status: v as CustomerFilters['status'] })}
        />
        <FilterSelect
          id="filter-kyc"
          label="KYC status"
          anyLabel="Any KYC status"
          value={filters.kycStatus}
          options={KYC_OPTIONS}
          onChange={(v) => setFilters({ kycStatus: v as CustomerFilters['kycStatus'] })}
        />
        <FilterSelect
          id="filter-type"
          label="Type"
          anyLabel="Any type"
          value={filters.type}
          options={TYPE_OPTIONS}
          onChange={(v) => setFilters({ type: v as CustomerFilters['type'] })}
        />
        <FilterSelect
          id="filter-risk"
          label="Risk"
          anyLabel="Any risk"
          value={filters.riskLevel}
          options={RISK_OPTIONS}
          onChange={(v) => setFilters({ riskLevel: v as CustomerFilters['riskLevel'] })}
        />
        <FilterSelect
          id="filter-country"
          label="Country"
          anyLabel="Any country"
          value={filters.country}
          options={COUNTRY_OPTIONS}
          onChange={(v) => setFilters({ country: v })}
          width="w-52"
        />
        {(activeFilterCount > 0 || filters.search) && (
          <Button variant="ghost" onClick={clearFilters}>
            <X className="size-4" aria-hidden="true" /> Clear filters
          </Button>
        )}
      </div>
    </div>
  );
}
