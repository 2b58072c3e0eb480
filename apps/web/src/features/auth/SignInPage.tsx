import { loginInput } from '@cm/domain';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { Brand } from '../../components/Brand';
import { Button } from '../../components/Button';
import { Field, TextInput } from '../../components/Field';
import { Alert } from '../../components/States';
import { apiError } from '../../lib/errors';
import { queryClient, trpc } from '../../lib/trpc';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { PasswordField, SignInAlerts } from './SignInParts';
import { consumeSessionExpired, homeOf, safeNext, useMe } from './session';

export function SignInPage() {
  useDocumentTitle('Sign in');
  const id = useId();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const me = useMe();
  const [expired] = useState(consumeSessionExpired);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string | undefined>>({});

  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: async (user) => {
        // A new session starts from a clean cache: nothing of a previous user may show.
        queryClient.clear();
        queryClient.setQueryData(trpc.auth.me.queryKey(), user);
        await navigate(next ?? homeOf(user), { replace: true });
      },
    }),
  );

  if (me.data && !login.isPending && !login.isSuccess) return <Navigate to={next ?? homeOf(me.data)} replace />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = loginInput.safeParse({ email, password });
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
      setFieldErrors(errors);
      return;
    }
    setFieldErrors({});
    login.mutate(parsed.data);
  };

  const error = login.error ? apiError(login.error) : null;

  return (
    <main className="flex min-h-screen flex-col items-center justify-center bg-slate-50 px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex justify-center">
          <Brand />
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
          <h1 className="text-xl font-semibold tracking-tight text-slate-900">Sign in</h1>
          <p className="mt-1 text-sm text-slate-600">Use your Customer Manager account.</p>

          <div className="mt-6 space-y-4" aria-live="polite">
            {expired && !error && (
              <Alert tone="amber" title="Your session has ended">
                Sign in again to continue where you left off.
              </Alert>
            )}
            <SignInAlerts error={error} wrongTitle="Wrong email or password" wrongHint="Check both and try again." />
          </div>

          <form className="mt-6 space-y-4" onSubmit={submit} noValidate>
            <Field id={`${id}-email`} label="Email" error={fieldErrors.email ?? error?.fieldErrors.email}>
              {(control) => (
                <TextInput
                  {...control}
                  type="email"
                  name="email"
                  autoComplete="username"
                  autoFocus
                  value={email}
                  onChange={(e) => setEmail(e.target.value)}
                />
              )}
            </Field>
            <PasswordField
              id={`${id}-password`}
              value={password}
              onChange={setPassword}
              error={fieldErrors.password ?? error?.fieldErrors.password}
            />
            <Button type="submit" variant="primary" className="w-full" busy={login.isPending}>
              Sign in
            </Button>
          </form>
        </div>
        <p className="mt-6 text-center text-xs text-slate-500">
          Access is logged. Contact your administrator if you cannot sign in.
        </p>
      </div>
    </main>
  );
}
