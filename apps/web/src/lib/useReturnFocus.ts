import { useLayoutEffect, useRef } from 'react';

/**
 * Radix dialogs return focus to their Trigger; ours are opened from state (buttons, menu items),
 * so remember what had focus when the dialog opened and go back there when it closes.
 */
export function useReturnFocus(open: boolean) {
  const opener = useRef<HTMLElement | null>(null);
  useLayoutEffect(() => {
    if (open && document.activeElement instanceof HTMLElement) opener.current = document.activeElement;
  }, [open]);
  return (event: Event) => {
    const target = opener.current;
    if (target?.isConnected) {
      event.preventDefault();
      target.focus();
    }
  };
}
