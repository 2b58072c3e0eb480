import { cn } from '../../lib/cn';
import { formatDateTime, formatRelative } from '../../lib/format';

/** "3 minutes ago", with the exact time on hover and for machines (`<time dateTime>`). */
export function RelativeTime({ iso, className }: { iso: string; className?: string }) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)} className={className}>
      {formatRelative(iso)}
    </time>
  );
}

/** One-choice filter as toggle buttons ("All" plus each value); the pressed one is the filter. */
export function FilterChips<V extends string>({
  label,
  options,
  value,
  onChange,
  allLabel = 'All',
}: {
  label: string;
  options: readonly { value: V; label: string }[];
  value: V | null;
  onChange: (value: V | null) => void;
  allLabel?: string;
}) {
  const chip = (active: boolean) =>
    cn(
      'rounded-full px-3 py-1 text-xs font-medium ring-1 ring-inset transition-colors',
      active
        ? 'bg-indigo-600 text-white ring-indigo-600'
        : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50 hover:text-slate-900',
    );
  return (
    <fieldset className="flex flex-wrap gap-1.5">
      <legend className="sr-only">{label}</legend>
      <button
        type="button"
        aria-pressed={value === null}
        className={chip(value === null)}
        onClick={() => onChange(null)}
      >
        {allLabel}
      </button>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          aria-pressed={value === o.value}
          className={chip(value === o.value)}
          onClick={() => onChange(value === o.value ? null : o.value)}
        >
          {o.label}
        </button>
      ))}
    </fieldset>
  );
}
