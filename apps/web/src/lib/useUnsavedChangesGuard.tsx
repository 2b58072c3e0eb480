import { useEffect, useRef } from 'react';
import { useBlocker } from 'react-router';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { isDiscardingUnsavedWork, useUnsavedWork } from './unsavedWork';

/**
 * Warns before unsaved changes are lost: the browser's own prompt for reloads and closing the tab,
 * and a dialog for navigation inside the console. `allowNextNavigation()` lets a save leave freely.
 */
export function useUnsavedChangesGuard(
  dirty: boolean,
  description = 'Your changes to this customer have not been saved. If you leave now they are lost.',
) {
  const bypass = useRef(false);
  useUnsavedWork(dirty);
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && !bypass.current && !isDiscardingUnsavedWork() && currentLocation.pathname !== nextLocation.pathname,
  );

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (bypass.current || isDiscardingUnsavedWork()) return;
      e.preventDefault();
      // Some browsers still need returnValue set to show the prompt.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  const dialog = (
    <ConfirmDialog
      open={blocker.state === 'blocked'}
      onOpenChange={(open) => {
        if (!open && blocker.state === 'blocked') blocker.reset();
      }}
      title="Leave without saving?"
      description={description}
      confirmLabel="Leave without saving"
      onConfirm={() => blocker.state === 'blocked' && blocker.proceed()}
    />
  );

  return {
    dialog,
    allowNextNavigation: () => {
      bypass.current = true;
    },
  };
}
