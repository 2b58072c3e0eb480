import { SlidersHorizontal } from 'lucide-react';
import { useId, useState } from 'react';
import { Button } from './Button';

/** How the folded panel is laid out once shown (literal classes, so Tailwind sees them). */
const SHOWN = {
  flex: { open: 'flex', closed: 'hidden sm:flex' },
  grid: { open: 'grid', closed: 'hidden sm:grid' },
  contents: { open: 'contents', closed: 'hidden sm:contents' },
} as const;

export interface FilterFold {
  open: boolean;
  toggle: () => void;
  panelId: string;
  /** The panel's display: shown when open, and always from `sm` up. */
  panelClass: string;
}

/**
 * On a phone a list's filters fold away behind a "Filters" button, so the records come first; from
 * `sm` up they are always shown (and the button is not).
 */
export function useFilterFold(display: keyof typeof SHOWN): FilterFold {
  const panelId = useId();
  const [open, setOpen] = useState(false);
  return {
    open,
    toggle: () => setOpen((o) => !o),
    panelId,
    panelClass: open ? SHOWN[display].open : SHOWN[display].closed,
  };
}

/** The button that shows or hides the folded filters on a phone, with how many are in use. */
export function FilterFoldButton({ fold, activeCount }: { fold: FilterFold; activeCount: number }) {
  return (
    <Button
      size="sm"
      className="sm:hidden"
      aria-expanded={fold.open}
      aria-controls={fold.panelId}
      onClick={fold.toggle}
    >
      <SlidersHorizontal className="size-4" aria-hidden="true" /> Filters
      {activeCount > 0 && ` (${activeCount})`}
    </Button>
  );
}
