import { describe, expect, it } from 'vitest';
import { CUSTOMER_STATUSES, type CustomerStatus, KYC_STATUSES, type KycStatus } from '../src/customers/enums';
import { canTransition, LIFECYCLE_ACTIONS, type LifecycleAction, nextStatus } from '../src/customers/lifecycle';
import { DomainError, PreconditionFailed } from '../src/errors';

/** SPEC §2, written out: the status each (status, action) leads to, or null when not allowed. */
const LIFECYCLE: Record<CustomerStatus, Record<LifecycleAction, CustomerStatus | null>> = {
  pending: { activate: 'active', suspend: null, close: 'closed' },
  active: { activate: null, suspend: 'suspended', close: 'closed' },
  suspended: { activate: 'active', suspend: null, close: 'closed' },
  closed: { activate: null, suspend: null, close: null },
};

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('the lifecycle table', () => {
  it('covers every status and action', () => {
    expect([...CUSTOMER_STATUSES].sort()).toEqual(Object.keys(LIFECYCLE).sort());
    expect([...LIFECYCLE_ACTIONS].sort()).toEqual(['activate', 'close', 'suspend']);
  });

  const pairs = CUSTOMER_STATUSES.flatMap((status) =>
    LIFECYCLE_ACTIONS.map((action) => ({ status, action, target: LIFECYCLE[status][action] })),
  );

  it.each(pairs)('canTransition($status, $action) ⇔ $target', ({ status, action, target }) => {
    expect(canTransition(status, action)).toBe(target !== null);
  });

  // every (status, action, kycStatus) triple: 4 × 3 × 5 = 60 cases
  const triples = pairs.flatMap((p) => KYC_STATUSES.map((kycStatus) => ({ ...p, kycStatus })));

  it.each(triples)('$status --$action--> (kyc $kycStatus)', ({ status, action, kycStatus, target }) => {
    const kycBlocks = action === 'activate' && kycStatus !== 'verified';
    if (target !== null && !kycBlocks) {
      expect(nextStatus({ status, kycStatus }, action)).toBe(target);
    } else {
      const e = thrown(() => nextStatus({ status, kycStatus }, action));
      expect(e).toBeInstanceOf(PreconditionFailed);
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('PRECONDITION_FAILED');
    }
  });
});

describe('specific rules', () => {
  it('pending → active only with verified KYC', () => {
    expect(nextStatus({ status: 'pending', kycStatus: 'verified' }, 'activate')).toBe('active');
    for (const kycStatus of KYC_STATUSES.filter((k) => k !== 'verified')) {
      expect(() => nextStatus({ status: 'pending', kycStatus }, 'activate')).toThrow(PreconditionFailed);
    }
  });

  it('active → suspended, suspended → active, and back again', () => {
    let status: CustomerStatus = 'pending';
    const kycStatus: KycStatus = 'verified';
    status = nextStatus({ status, kycStatus }, 'activate');
    expect(status).toBe('active');
    status = nextStatus({ status, kycStatus }, 'suspend');
    expect(status).toBe('suspended');
    status = nextStatus({ status, kycStatus }, 'activate');
    expect(status).toBe('active');
    status = nextStatus({ status, kycStatus }, 'suspend');
    expect(status).toBe('suspended');
    status = nextStatus({ status, kycStatus }, 'close');
    expect(status).toBe('closed');
  });

  it('suspend does not depend on KYC', () => {
    for (const kycStatus of KYC_STATUSES) {
      expect(nextStatus({ status: 'active', kycStatus }, 'suspend')).toBe('suspended');
    }
  });

  it('pending, active and suspended can be closed whatever the KYC', () => {
    for (const status of ['pending', 'active', 'suspended'] as const) {
      for (const kycStatus of KYC_STATUSES) expect(nextStatus({ status, kycStatus }, 'close')).toBe('closed');
    }
  });

  it('closed is final', () => {
    for (const action of LIFECYCLE_ACTIONS) {
      expect(canTransition('closed', action)).toBe(false);
      for (const kycStatus of KYC_STATUSES) {
        expect(() => nextStatus({ status: 'closed', kycStatus }, action)).toThrow(PreconditionFailed);
      }
    }
  });

  it('an active customer cannot be activated again, a pending or suspended one cannot be suspended', () => {
    expect(() => nextStatus({ status: 'active', kycStatus: 'verified' }, 'activate')).toThrow(PreconditionFailed);
    expect(() => nextStatus({ status: 'pending', kycStatus: 'verified' }, 'suspend')).toThrow(PreconditionFailed);
    expect(() => nextStatus({ status: 'suspended', kycStatus: 'verified' }, 'suspend')).toThrow(PreconditionFailed);
  });

  it('a refused transition names the status and action in its data', () => {
    const e = thrown(() => nextStatus({ status: 'closed', kycStatus: 'verified' }, 'activate')) as PreconditionFailed;
    expect(e.data).toEqual({ status: 'closed', action: 'activate' });
    expect(e.message).toBe('A closed customer cannot be activated.');
  });
});

describe('activate with unverified KYC', () => {
  it.each(KYC_STATUSES.filter((k) => k !== 'verified'))(
    'kyc %s: PreconditionFailed carrying missingRequirements',
    (kycStatus) => {
      const missing = ['identity_document', 'proof_of_address'];
      for (const status of ['pending', 'suspended'] as const) {
        const e = thrown(() => nextStatus({ status, kycStatus }, 'activate', missing));
        expect(e).toBeInstanceOf(PreconditionFailed);
        const err = e as PreconditionFailed;
        expect(err.code).toBe('PRECONDITION_FAILED');
        expect(err.data.missingRequirements).toEqual(missing);
        expect(err.data.kycStatus).toBe(kycStatus);
        expect(err.message).toMatch(/KYC must be verified/);
      }
    },
  );

  it('missingRequirements defaults to an empty list (never absent)', () => {
    const e = thrown(() =>
      nextStatus({ status: 'pending', kycStatus: 'not_started' }, 'activate'),
    ) as PreconditionFailed;
    expect(e.data).toHaveProperty('missingRequirements');
    expect(e.data.missingRequirements).toEqual([]);
  });

  it('the status rule is checked before the KYC rule', () => {
    const e = thrown(() =>
      nextStatus({ status: 'closed', kycStatus: 'pending' }, 'activate', ['x']),
    ) as PreconditionFailed;
    expect(e.data).toEqual({ status: 'closed', action: 'activate' });
  });
});
