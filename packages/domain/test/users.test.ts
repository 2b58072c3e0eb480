import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  loginInput,
  PASSWORD_MAX,
  PASSWORD_MIN,
  password,
  userCreateInput,
  userUpdateInput,
} from '../src/users/schemas';

const CUSTOMER_ID = '2b1e2f6a-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
const USER_ID = '7d3c1b2a-1f2e-4d3c-9b8a-7f6e5d4c3b2a';

function issuesOf(schema: z.ZodType, input: unknown): Record<string, string[]> {
  const r = schema.safeParse(input);
  if (r.success) return {};
  const out: Record<string, string[]> = {};
  for (const i of r.error.issues) (out[i.path.join('.')] ??= []).push(i.message);
  return out;
}

const base = { email: 'user@example.com', name: 'Ann Lee', password: 'correct horse battery' };

describe('userCreateInput — customer link', () => {
  it('a client must be linked to a customer', () => {
    for (const customerId of [undefined, null, '']) {
      const issues = issuesOf(userCreateInput, { ...base, role: 'client', customerId });
      expect(Object.keys(issues), String(customerId)).toEqual(['customerId']);
    }
    expect(issuesOf(userCreateInput, { ...base, role: 'client' })).toEqual({
      customerId: ['A client login must be linked to a customer.'],
    });
  });

  it('a client with a customer id is accepted', () => {
    expect(userCreateInput.parse({ ...base, role: 'client', customerId: CUSTOMER_ID }).customerId).toBe(CUSTOMER_ID);
  });

  it.each(['admin', 'corporate'])('%s must not be linked to a customer', (role) => {
    expect(issuesOf(userCreateInput, { ...base, role, customerId: CUSTOMER_ID })).toEqual({
      customerId: ['Only client logins are linked to a customer.'],
    });
  });

  it.each(['admin', 'corporate'])('%s without a customer is accepted', (role) => {
    expect(userCreateInput.safeParse({ ...base, role }).success).toBe(true);
    expect(userCreateInput.safeParse({ ...base, role, customerId: null }).success).toBe(true);
  });

  it('the customer id must be a uuid', () => {
    expect(Object.keys(issuesOf(userCreateInput, { ...base, role: 'client', customerId: 'c-1' }))).toContain(
      'customerId',
    );
  });

  it('the role must be one of admin, corporate, client', () => {
    expect(Object.keys(issuesOf(userCreateInput, { ...base, role: 'superuser' }))).toContain('role');
    expect(Object.keys(issuesOf(userCreateInput, { ...base }))).toContain('role');
  });
});

describe('userCreateInput — other fields', () => {
  it('email must be valid, and is trimmed', () => {
    expect(Object.keys(issuesOf(userCreateInput, { ...base, role: 'admin', email: 'nope' }))).toEqual(['email']);
    expect(userCreateInput.parse({ ...base, role: 'admin', email: ' a@example.com ' }).email).toBe('a@example.com');
  });

  it('name is required and trimmed', () => {
    expect(Object.keys(issuesOf(userCreateInput, { ...base, role: 'admin', name: '   ' }))).toEqual(['name']);
    expect(userCreateInput.parse({ ...base, role: 'admin', name: ' Ann ' }).name).toBe('Ann');
  });
});

describe('password length 12..128', () => {
  it('bounds are 12 and 128', () => {
    expect(PASSWORD_MIN).toBe(12);
    expect(PASSWORD_MAX).toBe(128);
  });

  it.each([
    [0, false],
    [1, false],
    [11, false],
    [12, true],
    [13, true],
    [64, true],
    [128, true],
    [129, false],
    [500, false],
  ])('length %i → accepted %s', (length, accepted) => {
    const pw = 'p'.repeat(length);
    expect(password.safeParse(pw).success).toBe(accepted);
    const issues = issuesOf(userCreateInput, { ...base, role: 'admin', password: pw });
    expect('password' in issues).toBe(!accepted);
  });

  it('explains the rule', () => {
    expect(issuesOf(userCreateInput, { ...base, role: 'admin', password: 'short' }).password).toEqual([
      'Use at least 12 characters.',
    ]);
    expect(issuesOf(userCreateInput, { ...base, role: 'admin', password: 'x'.repeat(129) }).password).toEqual([
      'Use at most 128 characters.',
    ]);
  });

  it('applies to password changes too', () => {
    expect(userUpdateInput.safeParse({ id: USER_ID, version: 1 }).success).toBe(true);
    expect(userUpdateInput.safeParse({ id: USER_ID, version: 1, password: 'x'.repeat(12) }).success).toBe(true);
    expect(userUpdateInput.safeParse({ id: USER_ID, version: 1, password: 'x'.repeat(11) }).success).toBe(false);
    expect(userUpdateInput.safeParse({ id: USER_ID, version: 1, password: 'x'.repeat(129) }).success).toBe(false);
  });
});

describe('userUpdateInput / loginInput', () => {
  it('an update needs id and version', () => {
    expect(Object.keys(issuesOf(userUpdateInput, {})).sort()).toEqual(['id', 'version']);
    expect(Object.keys(issuesOf(userUpdateInput, { id: USER_ID, version: 0 }))).toEqual(['version']);
  });

  it('login only needs non-empty fields (no length rule leaks what the policy is)', () => {
    expect(loginInput.safeParse({ email: 'a@example.com', password: 'x' }).success).toBe(true);
    expect(Object.keys(issuesOf(loginInput, { email: ' ', password: '' })).sort()).toEqual(['email', 'password']);
  });
});
