import { describe, expect, it } from 'vitest';
import {
  complianceBody,
  complianceReason,
  complianceSubject,
  complianceTicketAction,
} from '../../src/tickets/compliance';

const facts = (kycStatus: string, identityExpiringOn: string | null = null) =>
  ({ kycStatus, identityExpiringOn }) as Parameters<typeof complianceReason>[0];

describe('compliance tickets', () => {
  it.each([
    ['rejected', null, 'kyc_rejected'],
    ['expired', null, 'kyc_expired'],
    ['verified', '2026-07-01', 'identity_expiring'],
    ['pending', '2026-07-01', 'identity_expiring'],
  ])('%s with identity expiring %s calls for %s', (status, expiring, kind) => {
    expect(complianceReason(facts(status, expiring))?.kind).toBe(kind);
  });

  it.each(['verified', 'pending', 'not_started'])('%s with nothing expiring calls for nothing', (status) => {
    expect(complianceReason(facts(status))).toBeNull();
  });

  it('opens one ticket only when none is open', () => {
    expect(complianceTicketAction(facts('rejected'), false)).toEqual({
      action: 'open',
      reason: { kind: 'kyc_rejected' },
    });
    expect(complianceTicketAction(facts('rejected'), true)).toEqual({ action: 'none' });
    expect(complianceTicketAction(facts('expired'), true)).toEqual({ action: 'none' });
  });

  it('solves the open ticket once KYC is verified again and nothing is about to expire', () => {
    expect(complianceTicketAction(facts('verified'), true)).toEqual({ action: 'solve' });
    expect(complianceTicketAction(facts('verified', '2026-07-01'), true)).toEqual({ action: 'none' });
    // Pending review is not verified yet: the ticket stays open until the reviewer decides.
    expect(complianceTicketAction(facts('pending'), true)).toEqual({ action: 'none' });
    expect(complianceTicketAction(facts('verified'), false)).toEqual({ action: 'none' });
  });

  it('says why and what is missing in words the client reads', () => {
    expect(complianceSubject({ kind: 'identity_expiring', expiresAt: '2026-07-01' })).toContain('2026-07-01');
    const body = complianceBody({ kind: 'kyc_rejected' }, [{ label: 'Proof of address' }]);
    expect(body).toContain('rejected');
    expect(body).toContain('- Proof of address');
  });
});
