import { cn } from '../lib/cn';

export function Skeleton({ className }: { className?: string }) {
  return <div className={cn('animate-pulse rounded bg-slate-200/80', className)} aria-hidden="true" />;
}

/** Placeholder for a whole page section while its data loads; announced once as "Loading". */
export function LoadingBlock({ label = 'Loading…', lines = 4 }: { label?: string; lines?: number }) {
  return (
    <div role="status" className="space-y-3 p-5">
      <span className="sr-only">{label}</span>
      {Array.from({ length: lines }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
        <Skeleton key={i} className={cn('h-4', i % 3 === 2 ? 'w-1/2' : 'w-full')} />
      ))}
    </div>
  );
}
