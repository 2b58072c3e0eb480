import { PASSWORD_MAX, PASSWORD_MIN, ROLES, type Role, userCreateInput } from '@cm/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { Button } from '../../components/Button';
import { Field, TextInput } from '../../components/Field';
import { DialogFooter, Modal } from '../../components/Modal';
import { SelectControl } from '../../components/SelectField';
import { Alert } from '../../components/States';
import { useToast } from '../../components/Toast';
import { apiError } from '../../lib/errors';
import { humanize } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { CustomerPicker, type PickedCustomer } from './CustomerPicker';

type Errors = Partial<Record<'name' | 'email' | 'role' | 'password' | 'customerId', string>>;

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: humanize(r) }));
const ROLE_HINTS: Record<Role, string> = {
  admin: 'Everything, including deletes and user management.',
  corporate: 'All customer work except deletes and user management.',
  client: "A customer's own portal login: sees and uploads only their own KYC documents.",
};

export function UserCreateDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const id = useId();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('corporate');
  const [password, setPassword] = useState('');
  const [customer, setCustomer] = useState<PickedCustomer | null>(null);
  const [errors, setErrors] = useState<Errors>({});

  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: async (u) => {
        toast.success('User created', `${u.name} can now sign in as ${u.role}.`);
        await queryClient.invalidateQueries({ queryKey: trpc.users.pathKey() });
        onOpenChange(false);
      },
      onError: (err) => {
        const info = apiError(err);
        const found: Errors = {};
        for (const [field, messages] of Object.entries(info.fieldErrors)) found[field as keyof Errors] = messages[0];
        setErrors(found);
      },
    }),
  );

  // A fresh form each time the dialog opens.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when `open` changes
  useEffect(() => {
    if (!open) return;
    setName('');
    setEmail('');
    setRole('corporate');
    setPassword('');
    setCustomer(null);
    setErrors({});
    create.reset();
  }, [open]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const input = { name, email, role, password, customerId: role === 'client' ? (customer?.id ?? null) : null };
    const parsed = userCreateInput.safeParse(input);
    if (!parsed.success) {
      const found: Errors = {};
      for (const issue of parsed.error.issues) found[String(issue.path[0]) as keyof Errors] ??= issue.message;
      setErrors(found);
      return;
    }
    setErrors({});
    create.mutate(input);
  };

  const error = create.error ? apiError(create.error) : null;
  const unexplained = error && Object.keys(error.fieldErrors).length === 0;

  return (
    <Modal
      open={open}
      onOpenChange={onOpenChange}
      dirty={Boolean(name || email || password || customer)}
      title="New user"
      description="They sign in with this email and password."
    >
      <form onSubmit={submit} noValidate className="space-y-4">
        {unexplained && <Alert title="The user was not created">{error.message}</Alert>}
        <Field id={`${id}-name`} label="Name" required error={errors.name}>
          {(control) => (
            <TextInput {...control} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
          )}
        </Field>
        <Field id={`${id}-email`} label="Email" required error={errors.email}>
          {(control) => (
            <TextInput
              {...control}
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              autoComplete="off"
            />
          )}
        </Field>
        <Field id={`${id}-role`} label="Role" required error={errors.role} hint={ROLE_HINTS[role]}>
          {(control) => (
            <SelectControl
              control={control}
              value={role}
              onValueChange={(v) => setRole(v as Role)}
              options={ROLE_OPTIONS}
            />
          )}
        </Field>
        {role === 'client' && (
          <Field
            id={`${id}-customer`}
            label="Linked customer"
            required
            error={errors.customerId}
            hint="The client sees only this customer's KYC documents."
          >
            {(control) => <CustomerPicker control={control} value={customer} onChange={setCustomer} />}
          </Field>
        )}
        <Field
          id={`${id}-password`}
          label="Initial password"
          required
          error={errors.password}
          hint={`${PASSWORD_MIN}–${PASSWORD_MAX} characters; very common passwords are refused.`}
        >
          {(control) => (
            <TextInput
              {...control}
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="new-password"
            />
          )}
        </Field>
        <DialogFooter>
          <Button onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" busy={create.isPending}>
            Create user
          </Button>
        </DialogFooter>
      </form>
    </Modal>
  );
}
