import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { phoneExample } from '../src/customers/phone';
import {
  customerCreateInput,
  customerDisplayName,
  customerIdInput,
  customerListInput,
  customerReasonInput,
  customerShapeIssues,
  customerUpdateInput,
} from '../src/customers/schemas';

const ID = '2b1e2f6a-3c4d-4e5f-8a9b-0c1d2e3f4a5b';

const individual = { type: 'individual', firstName: 'Ann', lastName: 'Lee', email: 'ann@example.com', country: 'GB' };
const business = { type: 'business', companyName: 'Acme Ltd', email: 'ops@acme.example', country: 'DE' };

/** Issues grouped by their path, e.g. { email: ['Enter a valid email address.'] }. */
function issuesOf(schema: z.ZodType, input: unknown): Record<string, string[]> {
  const r = schema.safeParse(input);
  if (r.success) return {};
  const out: Record<string, string[]> = {};
  for (const i of r.error.issues) (out[i.path.join('.')] ??= []).push(i.message);
  return out;
}

const parse = (input: unknown) => customerCreateInput.parse(input);

describe('customerCreateInput — required fields by type', () => {
  it('accepts a minimal individual and a minimal business', () => {
    expect(customerCreateInput.safeParse(individual).success).toBe(true);
    expect(customerCreateInput.safeParse(business).success).toBe(true);
  });

  it.each([
    [{ firstName: undefined }, ['firstName']],
    [{ lastName: undefined }, ['lastName']],
    [{ firstName: undefined, lastName: undefined }, ['firstName', 'lastName']],
    [{ firstName: '' }, ['firstName']],
    [{ firstName: '   ' }, ['firstName']],
    [{ lastName: null }, ['lastName']],
  ])('an individual with %j has issues on %j', (patch, paths) => {
    const issues = issuesOf(customerCreateInput, { ...individual, ...patch });
    expect(Object.keys(issues).sort()).toEqual(paths);
    if (issues.firstName) expect(issues.firstName).toEqual(['First name is required.']);
    if (issues.lastName) expect(issues.lastName).toEqual(['Last name is required.']);
  });

  it('an individual does not need a company name', () => {
    expect(parse(individual).companyName).toBeUndefined();
  });

  it.each([[{ companyName: undefined }], [{ companyName: '' }], [{ companyName: '  ' }], [{ companyName: null }]])(
    'a business with %j has an issue on companyName',
    (patch) => {
      expect(issuesOf(customerCreateInput, { ...business, ...patch })).toEqual({
        companyName: ['Company name is required.'],
      });
    },
  );

  it('a business needs no first/last name', () => {
    const out = parse(business);
    expect(out.firstName).toBeUndefined();
    expect(out.lastName).toBeUndefined();
  });

  it('a business has no date of birth', () => {
    expect(issuesOf(customerCreateInput, { ...business, dateOfBirth: '1990-01-01' })).toEqual({
      dateOfBirth: ['A business has no date of birth.'],
    });
  });

  it('requires a known type', () => {
    expect(Object.keys(issuesOf(customerCreateInput, { ...individual, type: undefined }))).toContain('type');
    expect(Object.keys(issuesOf(customerCreateInput, { ...individual, type: 'person' }))).toContain('type');
  });
});

describe('customerCreateInput — field-level validation', () => {
  it.each(['not-an-email', 'ann@', '@example.com', 'ann@example', 'ann example@x.com', ''])(
    'invalid email %j → issue on email',
    (email) => {
      const issues = issuesOf(customerCreateInput, { ...individual, email });
      expect(Object.keys(issues)).toEqual(['email']);
      expect(issues.email).toEqual(['Enter a valid email address.']);
    },
  );

  it('email is required, trimmed and at most 254 characters', () => {
    expect(Object.keys(issuesOf(customerCreateInput, { ...individual, email: undefined }))).toEqual(['email']);
    expect(parse({ ...individual, email: '  ann@example.com  ' }).email).toBe('ann@example.com');
    const long = `${'a'.repeat(64)}@${'b'.repeat(180)}.example.com`;
    expect(long.length).toBeGreaterThan(254);
    expect(Object.keys(issuesOf(customerCreateInput, { ...individual, email: long }))).toEqual(['email']);
  });

  it.each(['XX', 'GBR', 'UK', '', '1', 'G'])('invalid country %j → issue on country', (country) => {
    const issues = issuesOf(customerCreateInput, { ...individual, country });
    expect(Object.keys(issues)).toEqual(['country']);
    expect(issues.country?.[0]).toMatch(/ISO 3166-1 alpha-2/);
  });

  it('country is required, trimmed and upper-cased', () => {
    expect(Object.keys(issuesOf(customerCreateInput, { ...individual, country: undefined }))).toEqual(['country']);
    expect(parse({ ...individual, country: ' gb ' }).country).toBe('GB');
    expect(parse({ ...individual, country: 'fr' }).country).toBe('FR');
  });

  it('a phone valid for the country is accepted', () => {
    expect(customerCreateInput.safeParse({ ...individual, country: 'GB', phone: '020 7946 0018' }).success).toBe(true);
    expect(customerCreateInput.safeParse({ ...individual, country: 'US', phone: '(212) 555-0123' }).success).toBe(true);
    expect(customerCreateInput.safeParse({ ...individual, country: 'US', phone: '+44 20 7946 0018' }).success).toBe(
      true,
    );
  });

  it('the phone is read with the customer country, even when given in lower case', () => {
    expect(customerCreateInput.safeParse({ ...individual, country: 'gb', phone: '020 7946 0018' }).success).toBe(true);
  });

  it.each([
    ['020 7946 0018', 'US'],
    ['(212) 555-0123', 'GB'],
    ['123', 'GB'],
    ['abc', 'DE'],
    ['+44 12', 'GB'],
  ])('invalid phone %j for country %s → issue on phone with an example', (phone, country) => {
    const issues = issuesOf(customerCreateInput, { ...individual, country, phone });
    expect(Object.keys(issues)).toEqual(['phone']);
    expect(issues.phone?.[0]).toContain(`for example ${phoneExample(country)}`);
  });

  it('dateOfBirth must be YYYY-MM-DD', () => {
    expect(parse({ ...individual, dateOfBirth: '1990-05-17' }).dateOfBirth).toBe('1990-05-17');
    for (const dateOfBirth of ['17/05/1990', '1990-5-17', '1990-13-01', '1990-02-30', 'yesterday']) {
      expect(Object.keys(issuesOf(customerCreateInput, { ...individual, dateOfBirth })), dateOfBirth).toEqual([
        'dateOfBirth',
      ]);
    }
  });

  it.each([
    ['firstName', 100],
    ['lastName', 100],
    ['companyName', 200],
    ['addressLine1', 200],
    ['addressLine2', 200],
    ['city', 100],
    ['state', 100],
    ['postalCode', 20],
    ['phone', 40],
  ])('%s is at most %i characters', (field, max) => {
    const base = field === 'companyName' ? business : individual;
    const atMax = 'x'.repeat(max);
    if (field !== 'phone') expect(customerCreateInput.safeParse({ ...base, [field]: atMax }).success).toBe(true);
    const issues = issuesOf(customerCreateInput, { ...base, [field]: 'x'.repeat(max + 1) });
    expect(issues[field]).toContain(`At most ${max} characters.`);
  });

  it('reports several bad fields at once, each on its own path', () => {
    const issues = issuesOf(customerCreateInput, {
      type: 'individual',
      email: 'nope',
      country: 'GB',
      phone: '123',
    });
    expect(Object.keys(issues).sort()).toEqual(['email', 'firstName', 'lastName', 'phone']);
  });
});

describe('customerCreateInput — normalisation and defaults', () => {
  it('empty and blank optional strings become null', () => {
    const out = parse({
      ...individual,
      companyName: '',
      phone: '',
      dateOfBirth: '',
      addressLine1: '',
      addressLine2: '   ',
      city: '',
      state: '\t',
      postalCode: '',
    });
    expect(out).toMatchObject({
      companyName: null,
      phone: null,
      dateOfBirth: null,
      addressLine1: null,
      addressLine2: null,
      city: null,
      state: null,
      postalCode: null,
    });
  });

  it('an empty phone is not validated', () => {
    expect(customerCreateInput.safeParse({ ...individual, phone: '' }).success).toBe(true);
    expect(customerCreateInput.safeParse({ ...individual, phone: '   ' }).success).toBe(true);
    expect(customerCreateInput.safeParse({ ...individual, phone: null }).success).toBe(true);
  });

  it('text is trimmed', () => {
    const out = parse({ ...individual, firstName: '  Ann ', lastName: ' Lee\t', city: ' London ' });
    expect(out).toMatchObject({ firstName: 'Ann', lastName: 'Lee', city: 'London' });
  });

  it('riskLevel defaults to medium', () => {
    expect(parse(individual).riskLevel).toBe('medium');
    expect(parse({ ...individual, riskLevel: undefined }).riskLevel).toBe('medium');
  });

  it.each(['low', 'medium', 'high'])('riskLevel %s is kept', (riskLevel) => {
    expect(parse({ ...individual, riskLevel }).riskLevel).toBe(riskLevel);
  });

  it('an unknown riskLevel is refused', () => {
    expect(Object.keys(issuesOf(customerCreateInput, { ...individual, riskLevel: 'extreme' }))).toEqual(['riskLevel']);
    expect(Object.keys(issuesOf(customerCreateInput, { ...individual, riskLevel: null }))).toEqual(['riskLevel']);
  });
});

describe('customerShapeIssues', () => {
  it('has no issues for complete shapes', () => {
    expect(customerShapeIssues({ type: 'individual', firstName: 'A', lastName: 'B' })).toEqual([]);
    expect(customerShapeIssues({ type: 'business', companyName: 'C' })).toEqual([]);
    expect(
      customerShapeIssues({ type: 'individual', firstName: 'A', lastName: 'B', phone: '020 7946 0018', country: 'GB' }),
    ).toEqual([]);
  });

  it('does not check the type-specific fields when the type is not given (partial updates)', () => {
    expect(customerShapeIssues({})).toEqual([]);
  });

  it('checks the phone against the country', () => {
    expect(customerShapeIssues({ phone: '020 7946 0018', country: 'US' }).map((i) => i.path)).toEqual(['phone']);
  });
});

describe('customerUpdateInput', () => {
  const FIELDS = [
    'type',
    'firstName',
    'lastName',
    'companyName',
    'email',
    'phone',
    'dateOfBirth',
    'addressLine1',
    'addressLine2',
    'city',
    'state',
    'postalCode',
    'country',
    'riskLevel',
  ];

  it('omitted fields stay undefined: not null, not a default', () => {
    const out = customerUpdateInput.parse({ id: ID, version: 3 });
    expect(out).toEqual({ id: ID, version: 3 });
    for (const f of FIELDS) {
      expect(f in out, f).toBe(false);
      expect((out as Record<string, unknown>)[f], f).toBeUndefined();
    }
  });

  it('explicitly undefined fields stay undefined', () => {
    const out = customerUpdateInput.parse({ id: ID, version: 1, firstName: undefined, riskLevel: undefined });
    expect(out.firstName).toBeUndefined();
    expect(out.riskLevel).toBeUndefined();
  });

  it('only the given fields come out', () => {
    const out = customerUpdateInput.parse({ id: ID, version: 2, city: ' Paris ', riskLevel: 'high' });
    expect(out).toEqual({ id: ID, version: 2, city: 'Paris', riskLevel: 'high' });
  });

  it('empty string or null clears an optional field (becomes null)', () => {
    const out = customerUpdateInput.parse({
      id: ID,
      version: 1,
      addressLine2: '',
      phone: '  ',
      dateOfBirth: '',
      city: null,
    });
    expect(out).toEqual({ id: ID, version: 1, addressLine2: null, phone: null, dateOfBirth: null, city: null });
  });

  it('requires id and version', () => {
    expect(Object.keys(issuesOf(customerUpdateInput, { version: 1 }))).toEqual(['id']);
    expect(Object.keys(issuesOf(customerUpdateInput, { id: ID }))).toEqual(['version']);
    expect(Object.keys(issuesOf(customerUpdateInput, {})).sort()).toEqual(['id', 'version']);
  });

  it.each([0, -1, 1.5, '1', null])('refuses version %j', (version) => {
    expect(Object.keys(issuesOf(customerUpdateInput, { id: ID, version }))).toEqual(['version']);
  });

  it.each(['not-a-uuid', '', 123])('refuses id %j', (id) => {
    expect(Object.keys(issuesOf(customerUpdateInput, { id, version: 1 }))).toEqual(['id']);
  });

  it('still validates the fields that are given', () => {
    expect(Object.keys(issuesOf(customerUpdateInput, { id: ID, version: 1, email: 'nope' }))).toEqual(['email']);
    expect(Object.keys(issuesOf(customerUpdateInput, { id: ID, version: 1, country: 'XX' }))).toEqual(['country']);
    expect(Object.keys(issuesOf(customerUpdateInput, { id: ID, version: 1, riskLevel: 'x' }))).toEqual(['riskLevel']);
    expect(Object.keys(issuesOf(customerUpdateInput, { id: ID, version: 1, dateOfBirth: '1/1/1990' }))).toEqual([
      'dateOfBirth',
    ]);
    expect(customerUpdateInput.parse({ id: ID, version: 1, country: 'gb' }).country).toBe('GB');
  });
});

describe('customerListInput', () => {
  const DEFAULTS = { sort: 'createdAt', limit: 25, includeDeleted: false };

  it('defaults when nothing is given', () => {
    expect(customerListInput.parse(undefined)).toEqual(DEFAULTS);
    expect(customerListInput.parse({})).toEqual(DEFAULTS);
  });

  it.each([1, 25, 100])('accepts limit %i', (limit) => {
    expect(customerListInput.parse({ limit }).limit).toBe(limit);
  });

  it.each([0, -5, 101, 1000, 2.5])('refuses limit %j', (limit) => {
    expect(Object.keys(issuesOf(customerListInput, { limit }))).toEqual(['limit']);
  });

  it('accepts every filter and keeps them', () => {
    const input = {
      status: 'active',
      kycStatus: 'verified',
      type: 'business',
      riskLevel: 'high',
      country: 'de',
      search: '  acme ',
      sort: 'name',
      cursor: 'abc',
      limit: 50,
      includeDeleted: true,
    };
    expect(customerListInput.parse(input)).toEqual({
      ...input,
      status: ['active'],
      kycStatus: ['verified'],
      type: ['business'],
      riskLevel: ['high'],
      country: ['DE'],
      search: 'acme',
    });
  });

  it('takes several values for status, KYC status, type, risk and country (one value reads as a list of one)', () => {
    const parsed = customerListInput.parse({
      status: ['active', 'pending', 'active'],
      kycStatus: ['verified', 'expired'],
      type: ['individual', 'business'],
      riskLevel: ['high', 'low', 'high'],
      country: ['de', 'FR'],
      sort: 'number',
      order: 'desc',
    });
    expect(parsed).toMatchObject({
      status: ['active', 'pending'],
      kycStatus: ['verified', 'expired'],
      type: ['individual', 'business'],
      riskLevel: ['high', 'low'],
      country: ['DE', 'FR'],
      sort: 'number',
      order: 'desc',
    });
  });

  it.each([
    ['status', []],
    ['status', ['active', 'open']],
    ['riskLevel', []],
    ['riskLevel', ['high', 'extreme']],
    ['country', ['GB', 'XX']],
    ['order', 'up'],
  ])('refuses %s = %j', (field, value) => {
    const fields = Object.keys(issuesOf(customerListInput, { [field]: value })).map((k) => k.split('.')[0]);
    expect([...new Set(fields)]).toEqual([field]);
  });

  it.each([
    ['status', 'open'],
    ['kycStatus', 'done'],
    ['type', 'person'],
    ['riskLevel', 'extreme'],
    ['country', 'XX'],
    ['sort', 'email'],
    ['search', 'x'.repeat(101)],
    ['cursor', 'x'.repeat(501)],
    ['includeDeleted', 'yes'],
  ])('refuses %s = %j', (field, value) => {
    expect(Object.keys(issuesOf(customerListInput, { [field]: value }))).toEqual([field]);
  });

  it('accepts a null cursor (first page)', () => {
    expect(customerListInput.parse({ cursor: null }).cursor).toBeNull();
  });
});

describe('customerIdInput / customerReasonInput', () => {
  it('id must be a uuid', () => {
    expect(customerIdInput.safeParse({ id: ID }).success).toBe(true);
    expect(customerIdInput.safeParse({ id: 'x' }).success).toBe(false);
  });

  it('a reason is required (at least 3 characters after trimming)', () => {
    expect(customerReasonInput.parse({ id: ID, reason: '  fraud  ' }).reason).toBe('fraud');
    expect(Object.keys(issuesOf(customerReasonInput, { id: ID, reason: '  ab  ' }))).toEqual(['reason']);
    expect(Object.keys(issuesOf(customerReasonInput, { id: ID }))).toEqual(['reason']);
    expect(Object.keys(issuesOf(customerReasonInput, { id: ID, reason: 'x'.repeat(1001) }))).toEqual(['reason']);
  });
});

describe('customerDisplayName', () => {
  it.each([
    [{ type: 'individual', firstName: 'Ann', lastName: 'Lee', companyName: null }, 'Ann Lee'],
    [{ type: 'individual', firstName: 'Ann', lastName: 'Lee', companyName: 'Ignored Ltd' }, 'Ann Lee'],
    [{ type: 'individual', firstName: 'Ann', lastName: null, companyName: null }, 'Ann'],
    [{ type: 'individual', firstName: null, lastName: 'Lee', companyName: null }, 'Lee'],
    [{ type: 'individual', firstName: null, lastName: null, companyName: null }, ''],
    [{ type: 'business', firstName: 'Ann', lastName: 'Lee', companyName: 'Acme Ltd' }, 'Acme Ltd'],
    [{ type: 'business', firstName: null, lastName: null, companyName: null }, ''],
  ] as const)('%j → %j', (c, expected) => {
    expect(customerDisplayName(c)).toBe(expected);
  });
});
