import * as Dialog from '@radix-ui/react-dialog';
import { X } from 'lucide-react';
import type { ReactNode } from 'react';
import { cn } from '../lib/cn';
import { useUnsavedWork } from '../lib/unsavedWork';
import { useReturnFocus } from '../lib/useReturnFocus';

export const overlayClass =
  'fixed inset-0 z-40 bg-slate-900/40 dark:bg-black/60 backdrop-blur-[1px] data-[state=open]:animate-in';
export const panelClass =
  'fixed top-1/2 left-1/2 z-50 max-h-[90vh] w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl bg-white p-6 shadow-xl focus:outline-none';

/** A Radix dialog: focus moves in and is trapped, Escape and the close button dismiss it (Escape not over typed input). */
export function Modal({
  open,
  onOpenChange,
  title,
  description,
  children,
  size = 'md',
  dirty = false,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  size?: 'md' | 'lg';
  /** Typed input inside: a stray Escape or click outside does not close it; Cancel or × do. */
  dirty?: boolean;
}) {
  const returnFocus = useReturnFocus(open);
  useUnsavedWork(open && dirty);
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className={overlayClass} />
        <Dialog.Content
          className={cn(panelClass, size === 'lg' ? 'max-w-2xl' : 'max-w-md')}
          {...(description ? {} : { 'aria-describedby': undefined })}
          onCloseAutoFocus={returnFocus}
          onPointerDownOutside={(e) => {
            if (dirty) e.preventDefault();
          }}
          onEscapeKeyDown={(e) => {
            if (dirty) {
              e.preventDefault();
              return;
            }
            // Escape first closes an open autocomplete list inside the dialog, not the dialog itself.
            const el = document.activeElement;
            if (
              el instanceof HTMLInputElement &&
              el.getAttribute('role') === 'combobox' &&
              el.ariaExpanded === 'true'
            ) {
              e.preventDefault();
            }
          }}
        >
          <div className="mb-4 flex items-start justify-between gap-4">
            <div>
              <Dialog.Title className="text-base font-semibold text-slate-900">{title}</Dialog.Title>
              {description && (
                <Dialog.Description className="mt-1 text-sm text-slate-600">{description}</Dialog.Description>
              )}
            </div>
            <Dialog.Close
              className="rounded p-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700"
              aria-label="Close"
            >
              <X className="size-4" aria-hidden="true" />
            </Dialog.Close>
          </div>
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

export function DialogFooter({ children }: { children: ReactNode }) {
  return <div className="mt-6 flex flex-wrap justify-end gap-2">{children}</div>;
}
