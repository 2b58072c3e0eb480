import type { SessionUser } from '@cm/domain';
import { KeyRound } from 'lucide-react';
import { Brand } from '../../components/Brand';
import { Button } from '../../components/Button';
import { useToast } from '../../components/Toast';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { ChangePasswordForm } from './ChangePasswordForm';
import { useSignOut } from './session';

/**
 * After an admin's reset, the one-time password opens only this screen: the server refuses
 * everything else until the user has chosen their own password.
 */
export function ForcedPasswordChange({ user }: { user: SessionUser }) {
  useDocumentTitle('Choose a new password');
  const toast = useToast();
  const signOut = useSignOut();
  return (
    <main className="grid min-h-screen place-items-center bg-slate-50 px-4 py-10">
      <div className="w-full max-w-md">
        <div className="mb-6 flex justify-center">
          <Brand />
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <div className="mb-4 flex items-start gap-3">
            <span className="rounded-full bg-amber-50 p-2 text-amber-700" aria-hidden="true">
              <KeyRound className="size-5" />
            </span>
            <div>
              <h1 className="text-lg font-semibold text-slate-900">Choose a new password</h1>
              <p className="mt-1 text-sm text-slate-600">
                {user.name}, an administrator reset your password. Enter the one-time password you were given, then
                choose your own before you carry on.
              </p>
            </div>
          </div>
          <ChangePasswordForm
            currentLabel="One-time password"
            onDone={() => toast.success('Password changed', 'Welcome back.')}
            footer={
              <Button variant="ghost" onClick={() => signOut.mutate()}>
                Sign out
              </Button>
            }
          />
        </div>
      </div>
    </main>
  );
}
