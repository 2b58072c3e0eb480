import type { Role, User } from '@cm/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Copy } from 'lucide-react';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { controlClass, Field } from '../../components/Field';
import { DialogFooter, Modal } from '../../components/Modal';
import { useToast } from '../../components/Toast';
import { apiError } from '../../lib/errors';
import { trpc } from '../../lib/trpc';

const STAFF_ROLES: { value: Role; label: string }[] = [
  { value: 'corporate', label: 'Corporate (staff)' },
  { value: 'admin', label: 'Admin' },
];

function useUsersRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.users.pathKey() });
}

/** An admin moves a staff user between corporate and admin (the server keeps one admin and refuses your own). */
export function RoleDialog({ user, onClose }: { user: User | null; onClose: () => void }) {
  const id = useId();
  const toast = useToast();
  const refresh = useUsersRefresh();
  const [role, setRole] = useState<Role>('corporate');
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (user) {
      setRole(user.role);
      setError(undefined);
    }
  }, [user]);
  const update = useMutation(
    trpc.users.update.mutationOptions({
      onSuccess: async (u) => {
        toast.success('Role changed', `${u.name} is now ${u.role === 'admin' ? 'an admin' : 'corporate staff'}.`);
        onClose();
        await refresh();
      },
      onError: (err) => setError(apiError(err).message),
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (user) update.mutate({ id: user.id, version: user.version, role });
  };
  return (
    <Modal
      open={user !== null}
      onOpenChange={(o) => !o && onClose()}
      title={`Change the role of ${user?.name ?? 'user'}`}
      description="Their other sessions end, so the new role applies at once."
    >
      <form onSubmit={submit} className="space-y-4">
        <Field id={`${id}-role`} label="Role" error={error}>
          {(control) => (
            <select
              {...control}
              className={`${controlClass} h-9 py-1`}
              value={role}
              onChange={(e) => setRole(e.target.value as Role)}
            >
              {STAFF_ROLES.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <DialogFooter>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={update.isPending} disabled={role === user?.role}>
            Change role
          </Button>
        </DialogFooter>
      </form>
    </Modal>
  );
}

/** Reset → a one-time password shown once here; the user must replace it at their next sign-in. */
export function ResetPasswordDialogs({ user, onClose }: { user: User | null; onClose: () => void }) {
  const toast = useToast();
  const refresh = useUsersRefresh();
  const [issued, setIssued] = useState<{ name: string; email: string; password: string } | null>(null);
  const reset = useMutation(
    trpc.users.resetPassword.mutationOptions({
      onSuccess: async (r) => {
        setIssued({ name: r.user.name, email: r.user.email, password: r.temporaryPassword });
        onClose();
        await refresh();
      },
      onError: (err) => toast.error('Password not reset', apiError(err).message),
    }),
  );
  return (
    <>
      <ConfirmDialog
        open={user !== null}
        onOpenChange={(o) => !o && onClose()}
        title={`Reset the password of ${user?.name ?? 'user'}?`}
        description={`${user?.email ?? 'The user'} is signed out everywhere and gets a one-time password, to be changed at the next sign-in.`}
        confirmLabel="Reset password"
        busy={reset.isPending}
        onConfirm={() => user && reset.mutate({ id: user.id })}
      />
      <Modal
        open={issued !== null}
        onOpenChange={(o) => !o && setIssued(null)}
        title="One-time password"
        description={`Give it to ${issued?.name ?? 'the user'} (${issued?.email ?? ''}) privately. It is shown only now.`}
      >
        <div className="flex items-center gap-2">
          <output
            className="flex-1 rounded-md bg-slate-100 px-3 py-2 font-mono text-base tracking-wide break-all text-slate-900"
            data-testid="temporary-password"
          >
            {issued?.password}
          </output>
          <Button
            size="sm"
            onClick={() => {
              if (!issued) return;
              navigator.clipboard?.writeText(issued.password).then(
                () => toast.success('Copied'),
                () => toast.error('Not copied', 'Select the password and copy it by hand.'),
              );
            }}
          >
            <Copy className="size-4" aria-hidden="true" /> Copy
          </Button>
        </div>
        <DialogFooter>
          <Button variant="primary" onClick={() => setIssued(null)}>
            Done
          </Button>
        </DialogFooter>
      </Modal>
    </>
  );
}
