import { Search } from 'lucide-react';
import { Suspense, useEffect, useMemo, useState } from 'react';
import { preloadable, preloadWhenIdle } from '../../lib/preloadable';
import type { NavItem } from './navigation';

/** The dialog is fetched once the first screen has loaded and the browser is idle, well before anyone presses Ctrl-K. */
const PaletteDialog = preloadable(() => import('./PaletteDialog').then((m) => m.PaletteDialog));

/** Ctrl-K / Cmd-K anywhere in the console opens the palette. */
function useShortcut(onOpen: () => void) {
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        onOpen();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onOpen]);
}

/**
 * The staff command palette: jump to a page the role may open, or to a customer by name or number
 * (customers.list search). An ARIA combobox: focus stays in the input, arrows move the active option
 * (aria-activedescendant), Enter opens it, Escape closes the dialog.
 */
export function CommandPalette({ pages }: { pages: readonly NavItem[] }) {
  const [open, setOpen] = useState(false);
  const openPalette = useMemo(() => () => setOpen(true), []);
  useShortcut(openPalette);
  useEffect(() => preloadWhenIdle(PaletteDialog), []);
  return (
    <>
      <button
        type="button"
        onClick={openPalette}
        aria-keyshortcuts="Control+K Meta+K"
        className="flex items-center gap-2 rounded-md px-2 py-1.5 text-sm text-slate-600 ring-1 ring-slate-200 hover:bg-slate-100 hover:text-slate-900"
        data-testid="open-command-palette"
      >
        <Search className="size-4 shrink-0" aria-hidden="true" />
        <span className="sr-only lg:not-sr-only">Jump to…</span>
        <kbd className="hidden rounded bg-slate-100 px-1.5 text-xs text-slate-700 lg:inline">Ctrl K</kbd>
      </button>
      {open && (
        <Suspense fallback={null}>
          <PaletteDialog pages={pages} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
