import { Field, TextInput } from '../../components/Field';
import { Alert } from '../../components/States';
import type { ApiErrorInfo } from '../../lib/errors';
import { throttleMessage } from './throttleMessage';

/** Why a sign-in failed: throttled (with when to retry), wrong credentials, or anything else. */
export function SignInAlerts({
  error,
  wrongTitle,
  wrongHint,
}: {
  error: ApiErrorInfo | null;
  wrongTitle: string;
  wrongHint: string;
}) {
  if (!error) return null;
  if (error.code === 'TOO_MANY_REQUESTS') {
    return <Alert title="Too many failed sign-in attempts">{throttleMessage(error.retryAfterSeconds)}</Alert>;
  }
  if (error.code === 'UNAUTHORIZED') return <Alert title={wrongTitle}>{wrongHint}</Alert>;
  return <Alert title="Sign-in failed">{error.message}</Alert>;
}

export function PasswordField({
  id,
  value,
  onChange,
  error,
  autoFocus,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | string[];
  autoFocus?: boolean;
}) {
  return (
    <Field id={id} label="Password" error={error}>
      {(control) => (
        <TextInput
          {...control}
          type="password"
          name="password"
          autoComplete="current-password"
          autoFocus={autoFocus}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
