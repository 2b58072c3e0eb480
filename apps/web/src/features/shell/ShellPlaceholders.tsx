import { Skeleton } from '../../components/Skeleton';

/**
 * Stand-ins the shells paint while the session check runs: grey shapes only, the same for every role
 * (a client never sees staff navigation, not even for a moment).
 */
export function NavPlaceholder({
  items,
  className,
  itemClassName = 'h-5 w-24',
}: {
  items: number;
  className?: string;
  itemClassName?: string;
}) {
  return (
    <div className={className} aria-hidden="true" data-testid="nav-placeholder">
      {Array.from({ length: items }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
        <Skeleton key={i} className={itemClassName} />
      ))}
    </div>
  );
}

/** The user menu's button, as a shape of the same size (nothing moves when the real one arrives). */
export function UserMenuPlaceholder() {
  return (
    <div className="flex items-center gap-3 py-1 pr-2 pl-1" aria-hidden="true">
      <Skeleton className="size-8 rounded-full" />
      <span className="hidden space-y-1 sm:block">
        <Skeleton className="h-3.5 w-24" />
        <Skeleton className="h-3 w-14" />
      </span>
      <span className="size-4" />
    </div>
  );
}
