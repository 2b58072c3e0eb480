import { z } from 'zod';
import { uuid } from '../common';
import { ticketPriority, ticketStatus } from './enums';

const isoDay = z.iso.date({ message: 'Use a date like 2026-01-31.' });

/** A customer's service report covers at most a year of tickets, by the day they were opened. */
export const ticketReportInput = z
  .object({ customerId: uuid, from: isoDay, to: isoDay })
  .refine((r) => r.from <= r.to, { message: 'The start must not be after the end.', path: ['to'] })
  .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= 366 * 86400_000, {
    message: 'Choose at most one year.',
    path: ['from'],
  });
export type TicketReportInput = z.infer<typeof ticketReportInput>;

export const ticketReportLine = z.object({
  ticketId: z.string(),
  ticketNumber: z.string(),
  subject: z.string(),
  priority: ticketPriority,
  status: ticketStatus,
  createdAt: z.string(),
  firstRespondedAt: z.string().nullable(),
  solvedAt: z.string().nullable(),
  /** Business minutes from opening to the first public staff reply (null until answered). */
  firstResponseMinutes: z.number().nullable(),
  /** Business minutes from opening to solving (null while unsolved). */
  resolutionMinutes: z.number().nullable(),
  firstResponseBreached: z.boolean(),
  resolutionBreached: z.boolean(),
});
export type TicketReportLine = z.infer<typeof ticketReportLine>;

const targetSummary = z.object({
  /** Tickets where the target was reached (answered, or solved). */
  reached: z.number().int(),
  withinTarget: z.number().int(),
  breached: z.number().int(),
  medianMinutes: z.number().nullable(),
});

export const ticketReportOutput = z.object({
  customerId: z.string(),
  from: z.string(),
  to: z.string(),
  opened: z.number().int(),
  solved: z.number().int(),
  breaches: z.number().int(),
  firstResponse: targetSummary,
  resolution: targetSummary,
  /** The tickets themselves (the first 1,000 of the period). */
  lines: z.array(ticketReportLine),
  truncated: z.boolean(),
});
export type TicketReport = z.infer<typeof ticketReportOutput>;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Issue 11: a customer's tickets in a period against their targets — how many were answered and
 * solved within target, how many breached, and the median business minutes of each.
 */
export function summarizeTicketReport(lines: readonly TicketReportLine[]) {
  const summary = (minutes: (l: TicketReportLine) => number | null, breached: (l: TicketReportLine) => boolean) => {
    const reached = lines.filter((l) => minutes(l) !== null);
    const late = lines.filter(breached);
    return {
      reached: reached.length,
      withinTarget: reached.filter((l) => !breached(l)).length,
      breached: late.length,
      medianMinutes: median(reached.map((l) => minutes(l)!)),
    };
  };
  const firstResponse = summary(
    (l) => l.firstResponseMinutes,
    (l) => l.firstResponseBreached,
  );
  const resolution = summary(
    (l) => l.resolutionMinutes,
    (l) => l.resolutionBreached,
  );
  return {
    opened: lines.length,
    solved: lines.filter((l) => l.solvedAt !== null).length,
    breaches: firstResponse.breached + resolution.breached,
    firstResponse,
    resolution,
  };
}
