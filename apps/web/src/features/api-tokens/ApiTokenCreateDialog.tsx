import { apiTokenCreateInput, can, type Permission, permissionAreas } from '@cm/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Check, Copy } from 'lucide-react';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { Button } from '../../components/Button';
import { Field, TextInput } from '../../components/Field';
import { DialogFooter, Modal } from '../../components/Modal';
import { Alert } from '../../components/States';
import { apiError } from '../../lib/errors';
import { humanize } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { useSessionUser } from '../auth/session';

type Errors = Partial<Record<'name' | 'permissions' | 'expiresAt', string>>;

/** The end of the chosen day in the browser's time zone: a token "until 31 May" works all of 31 May. */
function endOfDay(date: string): string {
  return new Date(`${date}T23:59:59.999`).toISOString();
}

const today = () => new Date().toLocaleDateString('en-CA');

/**
 * Creates a token in two steps: the form, then the secret — shown only here, once, with a copy
 * button; closing the dialog forgets it.
 */
export function ApiTokenCreateDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const id = useId();
  const me = useSessionUser();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<Permission>>(new Set());
  const [expiry, setExpiry] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [secret, setSecret] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  // Only what the signed-in admin holds can be given to a token.
  const areas = permissionAreas()
    .map((a) => ({ ...a, permissions: a.permissions.filter((p) => can(me.role, p)) }))
    .filter((a) => a.permissions.length > 0);

  const create = useMutation(
    trpc.apiTokens.create.mutationOptions({
      onSuccess: async (created) => {
        setSecret(created.secret);
        await queryClient.invalidateQueries({ queryKey: trpc.apiTokens.pathKey() });
      },
      onError: (err) => {
        const found: Errors = {};
        for (const [field, messages] of Object.entries(apiError(err).fieldErrors))
          found[field as keyof Errors] = messages[0];
        setErrors(found);
      },
    }),
  );

  // A fresh form each time the dialog opens; the secret never outlives the dialog.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when `open` changes
  useEffect(() => {
    setName('');
    setChosen(new Set());
    setExpiry('');
    setErrors({});
    setSecret(null);
    setCopied(false);
    create.reset();
  }, [open]);

  const toggle = (p: Permission, on: boolean) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (on) next.add(p);
      else next.delete(p);
      return next;
    });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const input = { name, permissions: [...chosen], expiresAt: expiry ? endOfDay(expiry) : null };
    const parsed = apiTokenCreateInput.safeParse(input);
    if (!parsed.success) {
      const found: Errors = {};
      for (const issue of parsed.error.issues) found[String(issue.path[0]) as keyof Errors] ??= issue.message;
      setErrors(found);
      return;
    }
    setErrors({});
    create.mutate(input);
  };

  const copy = async () => {
    if (!secret) return;
    await navigator.clipboard.writeText(secret);
    setCopied(true);
  };

  const error = create.error ? apiError(create.error) : null;
  const unexplained = error && Object.keys(error.fieldErrors).length === 0;

  if (secret) {
    return (
      <Modal open={open} onOpenChange={onOpenChange} dirty={!copied} title="Copy your new token" size="lg">
        <div className="space-y-4">
          <Alert tone="amber" title="This is the only time the token is shown">
            Copy it now and keep it in your app's secret store. Customer Manager keeps only a fingerprint of it: if you
            lose it, revoke it and create a new one.
          </Alert>
          <div className="space-y-1.5">
            <label htmlFor={`${id}-secret`} className="block text-sm font-medium text-slate-800">
              Token
            </label>
            <div className="flex flex-col gap-2 sm:flex-row">
              <TextInput
                id={`${id}-secret`}
                readOnly
                value={secret}
                className="font-mono text-xs"
                onFocus={(e) => e.currentTarget.select()}
                data-testid="api-token-secret"
              />
              <Button onClick={() => void copy()}>
                {copied ? (
                  <Check className="size-4" aria-hidden="true" />
                ) : (
                  <Copy className="size-4" aria-hidden="true" />
                )}
                {copied ? 'Copied' : 'Copy'}
              </Button>
            </div>
            <p className="text-xs text-slate-500" aria-live="polite">
              {copied ? 'Copied to the clipboard.' : 'Send it as the header Authorization: Bearer <token>.'}
            </p>
          </div>
          <DialogFooter>
            <Button variant="primary" onClick={() => onOpenChange(false)}>
              Done
            </Button>
          </DialogFooter>
        </div>
      </Modal>
    );
  }

  return (
    <Modal
      open={open}
      onOpenChange={onOpenChange}
      dirty={Boolean(name || chosen.size || expiry)}
      size="lg"
      title="New API token"
      description="Another app calls Customer Manager with this token, with only the permissions you choose."
    >
      <form onSubmit={submit} noValidate className="space-y-4">
        {unexplained && <Alert title="The token was not created">{error.message}</Alert>}
        <Field id={`${id}-name`} label="Name" required error={errors.name} hint="Which app uses it, e.g. Billing sync.">
          {(control) => (
            <TextInput {...control} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
          )}
        </Field>
        <fieldset aria-describedby={errors.permissions ? `${id}-permissions-error` : undefined}>
          <legend className="text-sm font-medium text-slate-800">
            Permissions
            <span className="ml-0.5 text-rose-600" aria-hidden="true">
              *
            </span>
          </legend>
          <div className="mt-2 grid gap-3 sm:grid-cols-2">
            {areas.map((area) => (
              <fieldset key={area.area} className="rounded-lg border border-slate-200 p-3">
                <legend className="px-1 text-xs font-semibold tracking-wide text-slate-600 uppercase">
                  {area.area === 'kyc' ? 'KYC' : humanize(area.area)}
                </legend>
                {area.permissions.map((p) => (
                  <label key={p} className="flex items-center gap-2 py-1 text-sm text-slate-800">
                    <input
                      type="checkbox"
                      name="permissions"
                      value={p}
                      className="size-4 rounded border-slate-300 accent-indigo-600"
                      checked={chosen.has(p)}
                      onChange={(e) => toggle(p, e.target.checked)}
                    />
                    <span className="font-mono text-xs">{p}</span>
                  </label>
                ))}
              </fieldset>
            ))}
          </div>
          {errors.permissions && (
            <p id={`${id}-permissions-error`} className="mt-1.5 text-sm text-rose-700">
              {errors.permissions}
            </p>
          )}
        </fieldset>
        <Field
          id={`${id}-expiry`}
          label="Expires on"
          error={errors.expiresAt}
          hint="Optional: the token stops working at the end of this day. Leave empty to keep it until revoked."
        >
          {(control) => (
            <TextInput
              {...control}
              type="date"
              min={today()}
              value={expiry}
              onChange={(e) => setExpiry(e.target.value)}
            />
          )}
        </Field>
        <DialogFooter>
          <Button onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" busy={create.isPending}>
            Create token
          </Button>
        </DialogFooter>
      </form>
    </Modal>
  );
}
