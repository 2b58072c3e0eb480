import type { FileStorage } from '../storage/file-storage';
import { sweepComplianceTickets } from './compliance-tickets';
import { sweepKycExpiryNotices, sweepTicketsDueSoon } from './notifications';
import { sweepKycRetention } from './privacy';
import type { ServiceDeps } from './service-deps';
import { type SweepResult, sweepExpiredKyc, sweepOrphanFiles, sweepStaleRows } from './sweeps';
import { sweepSolvedTickets, sweepTicketBreaches } from './ticket-sweeps';

type Deps = ServiceDeps & { storage: FileStorage };

/** Every periodic sweep, by name; each takes its own lease, so any instance may run them all. */
const SWEEPS = {
  kycExpiry: sweepExpiredKyc,
  orphanFiles: sweepOrphanFiles,
  staleRows: sweepStaleRows,
  ticketBreaches: sweepTicketBreaches,
  ticketAutoClose: sweepSolvedTickets,
  ticketDueSoonNotices: sweepTicketsDueSoon,
  kycExpiryNotices: sweepKycExpiryNotices,
  complianceTickets: sweepComplianceTickets,
  kycRetention: sweepKycRetention,
} satisfies Record<string, (deps: Deps) => Promise<SweepResult | { ran: boolean }>>;

export type SweepName = keyof typeof SWEEPS;
export type SweepOutcomes = { [K in SweepName]: Awaited<ReturnType<(typeof SWEEPS)[K]>> | { failed: unknown } };

/** Runs every sweep once; one failing (database hiccup, storage down) does not stop the others. */
export async function runAllSweeps(deps: Deps): Promise<SweepOutcomes> {
  const out = {} as Record<SweepName, unknown>;
  for (const [name, sweep] of Object.entries(SWEEPS) as [SweepName, (d: Deps) => Promise<unknown>][]) {
    try {
      out[name] = await sweep(deps);
    } catch (err) {
      out[name] = { failed: err };
    }
  }
  return out as SweepOutcomes;
}
