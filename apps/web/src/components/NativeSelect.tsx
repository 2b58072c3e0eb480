import { ChevronDown } from 'lucide-react';
import type { SelectHTMLAttributes } from 'react';
import { cn } from '../lib/cn';
import type { Option } from './SelectField';

/**
 * The browser's own select, styled like SelectControl: for a short, fixed list on a page's first screen (the
 * list's sort). It costs no script to render, and a phone shows its native picker.
 */
export function NativeSelect({
  options,
  className,
  onValueChange,
  ...props
}: Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'value'> & {
  value: string;
  options: readonly Option[];
  onValueChange: (value: string) => void;
}) {
  return (
    <div className={cn('relative', className)}>
      <select
        {...props}
        onChange={(e) => onValueChange(e.target.value)}
        className="h-9 w-full appearance-none rounded-md bg-white py-0 pr-8 pl-3 text-sm text-slate-900 shadow-xs ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600 focus:outline-none disabled:bg-slate-50"
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <ChevronDown
        className="pointer-events-none absolute top-1/2 right-3 size-4 -translate-y-1/2 text-slate-500"
        aria-hidden="true"
      />
    </div>
  );
}
