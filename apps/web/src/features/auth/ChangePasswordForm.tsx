import { changePasswordInput, PASSWORD_MIN } from '@cm/domain';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { Button } from '../../components/Button';
import { Field, TextInput } from '../../components/Field';
import { apiError } from '../../lib/errors';
import { queryClient, trpc } from '../../lib/trpc';

type Errors = Partial<Record<'currentPassword' | 'newPassword' | 'confirm' | 'form', string>>;

/**
 * The user's own password change: the current one, the new one twice. The server ends the user's
 * other sessions and keeps this one; a reset password's "must change" state ends with it.
 */
export function ChangePasswordForm({
  onDone,
  currentLabel = 'Current password',
  footer,
}: {
  onDone: () => void;
  currentLabel?: string;
  /** Extra buttons beside Save (e.g. Cancel in a dialog). */
  footer?: ReactNode;
}) {
  const id = useId();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
        onDone();
      },
      onError: (err) => {
        const info = apiError(err);
        setErrors({
          currentPassword: info.fieldErrors.currentPassword?.[0],
          newPassword: info.fieldErrors.newPassword?.[0],
          form: Object.keys(info.fieldErrors).length ? undefined : info.message,
        });
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = changePasswordInput.safeParse({ currentPassword, newPassword });
    const next: Errors = {};
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        next[issue.path[0] as 'currentPassword' | 'newPassword'] ??= issue.message;
    }
    if (newPassword !== confirm) next.confirm = 'The two new passwords differ.';
    setErrors(next);
    if (Object.keys(next).length === 0) change.mutate({ currentPassword, newPassword });
  };
  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-label="Change password">
      <Field id={`${id}-current`} label={currentLabel} error={errors.currentPassword}>
        {(control) => (
          <TextInput
            {...control}
            type="password"
            autoComplete="current-password"
            value={currentPassword}
            onChange={(e) => setCurrent(e.target.value)}
          />
        )}
      </Field>
      <Field
        id={`${id}-new`}
        label="New password"
        hint={`At least ${PASSWORD_MIN} characters; not a common password.`}
        error={errors.newPassword}
      >
        {(control) => (
          <TextInput
            {...control}
            type="password"
            autoComplete="new-password"
            value={newPassword}
            onChange={(e) => setNew(e.target.value)}
          />
        )}
      </Field>
      <Field id={`${id}-confirm`} label="New password again" error={errors.confirm}>
        {(control) => (
          <TextInput
            {...control}
            type="password"
            autoComplete="new-password"
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
          />
        )}
      </Field>
      {errors.form && (
        <p role="alert" className="text-sm text-rose-700">
          {errors.form}
        </p>
      )}
      <div className="flex flex-wrap justify-end gap-2">
        {footer}
        <Button type="submit" variant="primary" busy={change.isPending}>
          Change password
        </Button>
      </div>
    </form>
  );
}
