import type { ReactNode } from 'react';
import { cn } from '../lib/cn';

export type Tone = 'slate' | 'green' | 'amber' | 'orange' | 'red' | 'indigo' | 'sky';

const TONES: Record<Tone, string> = {
  slate: 'bg-slate-100 text-slate-700 ring-slate-500/20',
  green: 'bg-emerald-50 text-emerald-800 ring-emerald-600/20',
  amber: 'bg-amber-50 text-amber-800 ring-amber-600/25',
  orange: 'bg-orange-50 text-orange-800 ring-orange-600/25',
  red: 'bg-rose-50 text-rose-800 ring-rose-600/20',
  indigo: 'bg-indigo-50 text-indigo-800 ring-indigo-600/20',
  sky: 'bg-sky-50 text-sky-800 ring-sky-600/20',
};

const DOTS: Record<Tone, string> = {
  slate: 'bg-slate-400',
  green: 'bg-emerald-500',
  amber: 'bg-amber-500',
  orange: 'bg-orange-500',
  red: 'bg-rose-500',
  indigo: 'bg-indigo-500',
  sky: 'bg-sky-500',
};

export function Badge({ tone = 'slate', dot, children }: { tone?: Tone; dot?: boolean; children: ReactNode }) {
  return (
    <span
      className={cn(
        'inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset',
        TONES[tone],
      )}
    >
      {dot && <span className={cn('size-1.5 rounded-full', DOTS[tone])} aria-hidden="true" />}
      {children}
    </span>
  );
}
