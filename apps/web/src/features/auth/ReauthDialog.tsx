import type { SessionUser } from '@cm/domain';
import * as Dialog from '@radix-ui/react-dialog';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Button } from '../../components/Button';
import { overlayClass, panelClass } from '../../components/Modal';
import { apiError } from '../../lib/errors';
import { trpc } from '../../lib/trpc';
import { PasswordField, SignInAlerts } from './SignInParts';
import { abandonSession, sessionResumed } from './session';

/**
 * The session ended while the page holds unsaved work: sign in again here, as the same user, and
 * carry on (then save again) — nothing on the page is lost. It cannot be dismissed, only answered.
 */
export function ReauthDialog({ user }: { user: SessionUser }) {
  const id = useId();
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState(false);
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: (signedIn) => {
        if (signedIn.id === user.id) sessionResumed(signedIn);
        else abandonSession();
      },
    }),
  );
  const error = login.error ? apiError(login.error) : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!password) {
      setMissing(true);
      return;
    }
    setMissing(false);
    login.mutate({ email: user.email, password });
  };

  return (
    <Dialog.Root open>
      <Dialog.Portal>
        <Dialog.Overlay className={overlayClass} />
        <Dialog.Content
          role="alertdialog"
          className={`${panelClass} max-w-md`}
          onEscapeKeyDown={(e) => e.preventDefault()}
          onPointerDownOutside={(e) => e.preventDefault()}
          onInteractOutside={(e) => e.preventDefault()}
        >
          <Dialog.Title className="text-base font-semibold text-slate-900">Your session has ended</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-slate-600">
            Sign in again to continue. Your unsaved changes and files stay on this page; save or upload them again once
            you are signed in.
          </Dialog.Description>
          <div className="mt-4 space-y-3" aria-live="polite">
            <SignInAlerts error={error} wrongTitle="Wrong password" wrongHint="Check it and try again." />
          </div>
          <form className="mt-4 space-y-4" onSubmit={submit} noValidate>
            <p className="text-sm text-slate-700">
              Signed in as <span className="font-medium text-slate-900">{user.email}</span>
            </p>
            <PasswordField
              id={`${id}-password`}
              value={password}
              onChange={setPassword}
              error={missing ? 'Enter your password.' : undefined}
              autoFocus
            />
            <div className="flex flex-wrap items-center justify-between gap-2">
              <Button variant="ghost" onClick={abandonSession}>
                Discard changes and sign out
              </Button>
              <Button type="submit" variant="primary" busy={login.isPending}>
                Sign in
              </Button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
