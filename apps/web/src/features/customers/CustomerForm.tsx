import { phoneExample } from '@cm/domain';
import type { FormEvent, ReactNode } from 'react';
import { Card, CardHeader } from '../../components/Card';
import { type ControlProps, Field, TextInput } from '../../components/Field';
import { SelectControl } from '../../components/SelectField';
import { cn } from '../../lib/cn';
import { countryOptions } from '../../lib/countries';
import { type CustomerField, type CustomerFormValues, FIELD_LABELS, type FormErrors } from './customerFormModel';
import { RISK_OPTIONS } from './customerOptions';

export interface CustomerFormProps {
  idPrefix: string;
  values: CustomerFormValues;
  errors: FormErrors;
  /** Per field, a note shown under it (e.g. the latest saved value after a conflict). */
  notes?: Partial<Record<CustomerField, string>>;
  onChange: (field: CustomerField, value: string) => void;
  onSubmit: () => void;
  banner?: ReactNode;
  footer: ReactNode;
}

/** The one customer form, for create and edit alike; the page decides what submitting means. */
export function CustomerForm({
  idPrefix,
  values,
  errors,
  notes = {},
  onChange,
  onSubmit,
  banner,
  footer,
}: CustomerFormProps) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  const text = (
    field: CustomerField,
    props: { autoComplete?: string; type?: string; required?: boolean; hint?: string } = {},
  ) => (
    <Field
      id={`${idPrefix}-${field}`}
      label={FIELD_LABELS[field]}
      error={errors[field]}
      required={props.required}
      hint={joinHints(props.hint, notes[field])}
    >
      {(control: ControlProps) => (
        <TextInput
          {...control}
          name={field}
          type={props.type ?? 'text'}
          autoComplete={props.autoComplete ?? 'off'}
          value={values[field]}
          onChange={(e) => onChange(field, e.target.value)}
          className={cn(notes[field] && 'ring-amber-400!')}
        />
      )}
    </Field>
  );
  const individual = values.type === 'individual';
  const example = phoneExample(values.country || undefined);

  return (
    <form onSubmit={submit} noValidate className="space-y-6" aria-label="Customer details">
      {banner}
      <Card>
        <CardHeader title="Customer" description="Who the customer is." />
        <div className="grid gap-5 p-5 sm:grid-cols-2">
          <fieldset className="sm:col-span-2">
            <legend className="mb-2 text-sm font-medium text-slate-800">Type</legend>
            <div className="inline-flex rounded-lg bg-slate-100 p-1">
              {(['individual', 'business'] as const).map((t) => (
                <label
                  key={t}
                  className={cn(
                    'cursor-pointer rounded-md px-4 py-1.5 text-sm font-medium has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-indigo-600',
                    values.type === t ? 'bg-white text-slate-900 shadow-sm' : 'text-slate-600 hover:text-slate-900',
                  )}
                >
                  <input
                    type="radio"
                    name={`${idPrefix}-type`}
                    value={t}
                    checked={values.type === t}
                    onChange={() => onChange('type', t)}
                    className="sr-only"
                  />
                  {t === 'individual' ? 'Individual' : 'Business'}
                </label>
              ))}
            </div>
            {notes.type && <p className="mt-1.5 text-xs text-amber-700">{notes.type}</p>}
          </fieldset>
          {individual ? (
            <>
              {text('firstName', { required: true, autoComplete: 'off' })}
              {text('lastName', { required: true })}
              {text('dateOfBirth', { type: 'date', hint: 'Optional.' })}
            </>
          ) : (
            <div className="sm:col-span-2">{text('companyName', { required: true })}</div>
          )}
        </div>
      </Card>

      <Card>
        <CardHeader title="Contact" />
        <div className="grid gap-5 p-5 sm:grid-cols-2">
          {text('email', { type: 'email', required: true })}
          {text('phone', {
            type: 'tel',
            hint: `With the country code, or in the national format of the customer's country. Example: ${example}`,
          })}
        </div>
      </Card>

      <Card>
        <CardHeader title="Address" />
        <div className="grid gap-5 p-5 sm:grid-cols-2">
          <div className="sm:col-span-2">{text('addressLine1')}</div>
          <div className="sm:col-span-2">{text('addressLine2')}</div>
          {text('city')}
          {text('state')}
          {text('postalCode')}
          <Field id={`${idPrefix}-country`} label="Country" required error={errors.country} hint={notes.country}>
            {(control) => (
              <SelectControl
                control={control}
                name="country"
                value={values.country}
                onValueChange={(v) => onChange('country', v)}
                options={countryOptions()}
                placeholder="Choose a country"
              />
            )}
          </Field>
        </div>
      </Card>

      <Card>
        <CardHeader title="Risk" />
        <div className="grid gap-5 p-5 sm:grid-cols-2">
          <Field id={`${idPrefix}-riskLevel`} label="Risk level" error={errors.riskLevel} hint={notes.riskLevel}>
            {(control) => (
              <SelectControl
                control={control}
                name="riskLevel"
                value={values.riskLevel}
                onValueChange={(v) => onChange('riskLevel', v)}
                options={RISK_OPTIONS}
              />
            )}
          </Field>
        </div>
      </Card>

      <div className="sticky bottom-0 -mx-4 flex justify-end gap-2 border-t border-slate-200 bg-slate-50/95 px-4 py-4 backdrop-blur sm:mx-0 sm:rounded-b-xl sm:px-0">
        {footer}
      </div>
    </form>
  );
}

function joinHints(...hints: (string | undefined)[]): string | undefined {
  const present = hints.filter(Boolean);
  return present.length ? present.join(' ') : undefined;
}
