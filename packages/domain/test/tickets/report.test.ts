import { describe, expect, it } from 'vitest';
import { summarizeTicketReport, type TicketReportLine, ticketReportInput } from '../../src/tickets/report';

const line = (over: Partial<TicketReportLine>): TicketReportLine => ({
  ticketId: 't',
  ticketNumber: 'T-000001',
  subject: 's',
  priority: 'normal',
  status: 'open',
  createdAt: '2026-06-01T09:00:00.000Z',
  firstRespondedAt: null,
  solvedAt: null,
  firstResponseMinutes: null,
  resolutionMinutes: null,
  firstResponseBreached: false,
  resolutionBreached: false,
  ...over,
});

describe('service report', () => {
  it('counts within-target and breached answers and solutions, with medians of the reached ones', () => {
    const s = summarizeTicketReport([
      line({ firstResponseMinutes: 30, solvedAt: '2026-06-02T09:00:00.000Z', resolutionMinutes: 480 }),
      line({ firstResponseMinutes: 600, firstResponseBreached: true }),
      line({ firstResponseMinutes: 90 }),
      line({ firstResponseBreached: true }),
    ]);
    expect(s).toEqual({
      opened: 4,
      solved: 1,
      breaches: 2,
      firstResponse: { reached: 3, withinTarget: 2, breached: 2, medianMinutes: 90 },
      resolution: { reached: 1, withinTarget: 1, breached: 0, medianMinutes: 480 },
    });
  });

  it('an empty period has no medians', () => {
    expect(summarizeTicketReport([]).firstResponse.medianMinutes).toBeNull();
  });

  it('takes a period of at most a year, start before end', () => {
    const id = '6f1c2a3e-8b4d-4c2e-9a1b-2c3d4e5f6a7b';
    expect(ticketReportInput.safeParse({ customerId: id, from: '2026-01-01', to: '2026-12-31' }).success).toBe(true);
    expect(ticketReportInput.safeParse({ customerId: id, from: '2026-02-01', to: '2026-01-01' }).success).toBe(false);
    expect(ticketReportInput.safeParse({ customerId: id, from: '2024-01-01', to: '2026-01-01' }).success).toBe(false);
    expect(ticketReportInput.safeParse({ customerId: id, from: '2026-02-30', to: '2026-03-01' }).success).toBe(false);
  });
});
