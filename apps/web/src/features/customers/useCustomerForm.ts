import { useCallback, useMemo, useState } from 'react';
import { type CustomerField, type CustomerFormValues, type FormErrors, validateCustomer } from './customerFormModel';

/**
 * Form state. Client-side errors follow the values once the user has tried to submit; errors from
 * the server stay on their field until that field is edited.
 */
export function useCustomerForm(initial: CustomerFormValues) {
  const [values, setValues] = useState(initial);
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FormErrors>({});

  const clientErrors = useMemo(() => (submitted ? validateCustomer(values, new Date()) : {}), [submitted, values]);
  const errors = useMemo(() => ({ ...serverErrors, ...clientErrors }), [serverErrors, clientErrors]);

  const setField = useCallback((field: CustomerField, value: string) => {
    setValues((current) => ({ ...current, [field]: value }) as CustomerFormValues);
    setServerErrors((e) => (e[field] ? { ...e, [field]: undefined } : e));
  }, []);

  /** Validates everything; returns whether the form may be sent. */
  const check = useCallback((): boolean => {
    setSubmitted(true);
    const found = validateCustomer(values, new Date());
    if (Object.keys(found).length) {
      focusFirstInvalid();
      return false;
    }
    return true;
  }, [values]);

  const showServerErrors = useCallback((found: FormErrors) => {
    setServerErrors(found);
    focusFirstInvalid();
  }, []);

  return { values, setValues, errors, setField, check, showServerErrors };
}

/** After a failed submit, keyboard and screen-reader users land on the first field to fix. */
function focusFirstInvalid() {
  requestAnimationFrame(() => {
    document.querySelector<HTMLElement>('form [aria-invalid="true"]')?.focus();
  });
}
