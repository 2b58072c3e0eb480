import { AUDIT_ERASED, AUDIT_UNREADABLE, isPersonalAuditField } from '@cm/domain';
import { type Envelope, isEnvelope, openValue, sealValue } from './crypto';

type Json = Record<string, unknown>;

/** Whose data key encrypted a row's personal values, when it is not the row's `customer_id`. */
export const KEY_OWNER = '$keyOf';

function mapPersonal(value: unknown, personal: (v: unknown) => unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => mapPersonal(v, personal));
  if (typeof value !== 'object' || value === null) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = isPersonalAuditField(k) && v !== null && v !== undefined ? personal(v) : mapPersonal(v, personal);
  }
  return out;
}

/**
 * Personal values (the domain's AUDIT_PERSONAL_FIELDS, at any depth) sealed under the customer's
 * data key; with the key already destroyed they are stored as the erased marker instead.
 * Empty values stay in clear.
 */
export function sealChanges(changes: Json, key: Buffer | 'erased', customerId: string): Json {
  return mapPersonal(changes, (v) => (key === 'erased' ? AUDIT_ERASED : sealValue(key, customerId, v))) as Json;
}

export function hasPersonalValues(changes: unknown): boolean {
  let found = false;
  mapPersonal(changes, (v) => {
    found = true;
    return v;
  });
  return found;
}

/** Every envelope opened: erased key → the erased marker; wrong key or altered bytes → unreadable. */
export function openChanges(changes: Json, key: Buffer | 'erased' | 'unreadable' | undefined, customerId: string) {
  const openOne = (env: Envelope) => {
    if (key === 'erased') return AUDIT_ERASED;
    if (key === undefined || key === 'unreadable') return AUDIT_UNREADABLE;
    try {
      return openValue(key, customerId, env);
    } catch {
      return AUDIT_UNREADABLE;
    }
  };
  const walk = (value: unknown): unknown => {
    if (isEnvelope(value)) return openOne(value);
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value !== 'object' || value === null) return value;
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) if (k !== KEY_OWNER) out[k] = walk(v);
    return out;
  };
  return walk(changes) as Json;
}

/** The customer whose key opens this row's envelopes. */
export function keyOwnerOf(changes: Json | null, customerId: string | null): string | null {
  const owner = changes?.[KEY_OWNER];
  return typeof owner === 'string' ? owner : customerId;
}

/** True when any value in `changes` is an envelope (so a key is needed to read it). */
export function hasEnvelopes(value: unknown): boolean {
  if (isEnvelope(value)) return true;
  if (Array.isArray(value)) return value.some(hasEnvelopes);
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).some(hasEnvelopes);
}
