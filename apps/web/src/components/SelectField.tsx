import * as Select from '@radix-ui/react-select';
import { Check, ChevronDown } from 'lucide-react';
import { cn } from '../lib/cn';
import type { ControlProps } from './Field';

export interface Option {
  value: string;
  label: string;
}

/** Radix Select cannot hold an empty value, so "no filter" travels as this sentinel. */
export const ANY = '__any__';

export function SelectControl({
  control,
  value,
  onValueChange,
  options,
  placeholder = 'Choose…',
  className,
  disabled,
  name,
}: {
  control: ControlProps;
  value: string;
  onValueChange: (value: string) => void;
  options: readonly Option[];
  placeholder?: string;
  className?: string;
  disabled?: boolean;
  name?: string;
}) {
  return (
    <Select.Root value={value || undefined} onValueChange={onValueChange} disabled={disabled} name={name}>
      <Select.Trigger
        {...control}
        className={cn(
          'flex h-9 w-full items-center justify-between gap-2 rounded-md bg-white px-3 text-left text-sm text-slate-900 shadow-xs ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600 focus:outline-none aria-invalid:ring-rose-500 data-[placeholder]:text-slate-500 disabled:bg-slate-50',
          className,
        )}
      >
        <span className="truncate">
          <Select.Value placeholder={placeholder} />
        </span>
        <Select.Icon>
          <ChevronDown className="size-4 text-slate-500" aria-hidden="true" />
        </Select.Icon>
      </Select.Trigger>
      <Select.Portal>
        <Select.Content
          position="popper"
          sideOffset={4}
          className="z-50 max-h-[min(var(--radix-select-content-available-height),20rem)] min-w-[var(--radix-select-trigger-width)] overflow-hidden rounded-md border border-slate-200 bg-white shadow-lg"
        >
          <Select.Viewport className="p-1">
            {options.map((o) => (
              <Select.Item
                key={o.value}
                value={o.value}
                className="relative flex cursor-default items-center rounded py-1.5 pr-8 pl-2.5 text-sm text-slate-800 outline-none select-none data-[highlighted]:bg-indigo-50 data-[highlighted]:text-indigo-900"
              >
                <Select.ItemText>{o.label}</Select.ItemText>
                <Select.ItemIndicator className="absolute right-2">
                  <Check className="size-4 text-indigo-600" aria-hidden="true" />
                </Select.ItemIndicator>
              </Select.Item>
            ))}
          </Select.Viewport>
        </Select.Content>
      </Select.Portal>
    </Select.Root>
  );
}
