import type { Customer } from '@cm/domain';
import { countryName } from '../../lib/countries';
import { humanize } from '../../lib/format';
import { type CustomerField, type CustomerFormValues, changedFields, valuesOf } from './customerFormModel';

export interface FieldDifference {
  field: CustomerField;
  latest: string;
  yours: string;
}

export interface Reconciliation {
  /** The version the next save will carry. */
  version: number;
  /** Fields where the kept typed value differs from the latest saved one: saving overwrites these. */
  differences: FieldDifference[];
  /** Fields someone else changed that the user had not touched: the form now shows their value. */
  adoptedFromLatest: CustomerField[];
  values: CustomerFormValues;
}

/**
 * After a version conflict: start from the latest record, then re-apply every field the user had
 * changed since the version they loaded. Nothing typed is lost; untouched fields show the latest.
 */
export function reconcile(loaded: Customer, latest: Customer, typed: CustomerFormValues): Reconciliation {
  const loadedValues = valuesOf(loaded);
  const latestValues = valuesOf(latest);
  const mine = changedFields(loadedValues, typed);
  const values: CustomerFormValues = { ...latestValues };
  for (const f of mine) (values as unknown as Record<string, string>)[f] = typed[f];
  const differences = changedFields(latestValues, values).map((field) => ({
    field,
    latest: latestValues[field],
    yours: values[field],
  }));
  const adoptedFromLatest = changedFields(loadedValues, latestValues).filter((f) => !mine.includes(f));
  return { version: latest.version, differences, adoptedFromLatest, values };
}

/** How a form value reads in the conflict summary. */
export function displayValue(field: CustomerField, value: string): string {
  if (!value.trim()) return '(empty)';
  if (field === 'country') return countryName(value);
  if (field === 'type' || field === 'riskLevel') return humanize(value);
  return value;
}
