import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, businessMinutesBetween, DEFAULT_BUSINESS_CALENDAR } from '../../src/tickets/business-time';
import { TICKET_PRIORITIES } from '../../src/tickets/enums';
import {
  breachedTargets,
  computeSla,
  nextSlaCheckAt,
  SLA_DEFAULT_POLICIES,
  type SlaInput,
  type SlaPause,
  slaPolicy,
} from '../../src/tickets/sla';
import { NEW_YORK_OFFICE } from './calendars';

const C = DEFAULT_BUSINESS_CALENDAR;
const at = (iso: string) => new Date(iso);
/** Monday 1 June 2026, 09:00 BST: the ticket is created as the office opens. */
const CREATED = at('2026-06-01T08:00:00Z');
const NORMAL = SLA_DEFAULT_POLICIES.normal; // 480 / 2880
const FIRST_DUE = '2026-06-01T16:00:00.000Z'; // Monday 17:00 BST
const RESOLUTION_DUE = '2026-06-08T16:00:00.000Z'; // six working days later, Monday 17:00 BST

function input(patch: Partial<SlaInput> = {}): SlaInput {
  return {
    calendar: C,
    policy: NORMAL,
    createdAt: CREATED,
    pauses: [],
    firstRespondedAt: null,
    solvedAt: null,
    now: CREATED,
    ...patch,
  };
}
const sla = (patch: Partial<SlaInput> = {}) => computeSla(input(patch));
const iso = (d: Date | null) => d?.toISOString() ?? null;
const pause = (from: string, to: string | null): SlaPause => ({ from: at(from), to: to === null ? null : at(to) });

describe('policies', () => {
  it('SPEC §12 defaults, each a valid policy', () => {
    expect(
      Object.values(SLA_DEFAULT_POLICIES).map((p) => [p.priority, p.firstResponseMinutes, p.resolutionMinutes]),
    ).toEqual([
      ['urgent', 60, 480],
      ['high', 240, 1440],
      ['normal', 480, 2880],
      ['low', 1440, 7200],
    ]);
    expect(Object.keys(SLA_DEFAULT_POLICIES).sort()).toEqual([...TICKET_PRIORITIES].sort());
    for (const policy of Object.values(SLA_DEFAULT_POLICIES)) expect(slaPolicy.parse(policy)).toEqual(policy);
  });

  it('targets are positive whole minutes, the first response no later than the resolution', () => {
    const ok = (first: number, resolution: number) =>
      slaPolicy.safeParse({ priority: 'high', firstResponseMinutes: first, resolutionMinutes: resolution }).success;
    expect(ok(60, 60)).toBe(true);
    expect(ok(1, 525_600)).toBe(true);
    expect(ok(0, 60)).toBe(false);
    expect(ok(-5, 60)).toBe(false);
    expect(ok(30.5, 60)).toBe(false);
    expect(ok(60, 525_601)).toBe(false);
    const late = slaPolicy.safeParse({ priority: 'low', firstResponseMinutes: 120, resolutionMinutes: 60 });
    expect(late.success).toBe(false);
    expect(late.error?.issues[0]?.path).toEqual(['resolutionMinutes']);
    expect(slaPolicy.safeParse({ priority: 'critical', firstResponseMinutes: 1, resolutionMinutes: 2 }).success).toBe(
      false,
    );
  });
});

describe('due times', () => {
  it('count business minutes from createdAt', () => {
    const result = sla();
    expect(iso(result.firstResponseDueAt)).toBe(FIRST_DUE);
    expect(iso(result.resolutionDueAt)).toBe(RESOLUTION_DUE);
    expect(result).toMatchObject({ slaState: 'on_track', firstResponseBreached: false, resolutionBreached: false });
  });

  it('a ticket created outside hours starts its clocks at the next opening', () => {
    // Saturday 6 June: the urgent first response is due an hour after Monday opens.
    const result = sla({ createdAt: at('2026-06-06T11:00:00Z'), policy: SLA_DEFAULT_POLICIES.urgent });
    expect(iso(result.firstResponseDueAt)).toBe('2026-06-08T09:00:00.000Z');
    expect(iso(result.resolutionDueAt)).toBe('2026-06-08T16:00:00.000Z');
  });

  it('follow the calendar across a DST change', () => {
    // Low priority from Friday 27 March 2026 09:00 GMT: 15 working days, the clocks go forward on the 29th.
    const createdAt = at('2026-03-27T09:00:00Z');
    const result = sla({ createdAt, now: createdAt, policy: SLA_DEFAULT_POLICIES.low });
    expect(iso(result.firstResponseDueAt)).toBe('2026-03-31T16:00:00.000Z'); // Tuesday 17:00 BST
    expect(iso(result.resolutionDueAt)).toBe('2026-04-16T16:00:00.000Z');
    expect(businessMinutesBetween(C, createdAt, result.resolutionDueAt)).toBe(7200);
  });

  it('keep the first-response due time once responded, to show whether it was met', () => {
    const result = sla({ firstRespondedAt: at('2026-06-01T09:00:00Z'), now: at('2026-06-02T09:00:00Z') });
    expect(iso(result.firstResponseDueAt)).toBe(FIRST_DUE);
  });
});

describe('pauses (pending_customer)', () => {
  const responded = at('2026-06-01T09:00:00Z');
  // Tuesday 10:00 BST to Wednesday 12:00 BST: 7 + 3 working hours.
  const tueToWed = pause('2026-06-02T09:00:00Z', '2026-06-03T11:00:00Z');

  it('move the resolution due time later by exactly the paused business minutes', () => {
    const before = sla({ firstRespondedAt: responded, now: at('2026-06-03T12:00:00Z') });
    const after = sla({ firstRespondedAt: responded, now: at('2026-06-03T12:00:00Z'), pauses: [tueToWed] });
    expect(businessMinutesBetween(C, tueToWed.from, tueToWed.to!)).toBe(600);
    expect(businessMinutesBetween(C, before.resolutionDueAt, after.resolutionDueAt)).toBe(600);
    expect(iso(after.resolutionDueAt)).toBe('2026-06-10T10:00:00.000Z'); // Wednesday 10 June, 11:00 BST
    expect(after.slaState).toBe('on_track');
  });

  it('count for the first response only before it was given', () => {
    const result = sla({ firstRespondedAt: responded, pauses: [tueToWed], now: at('2026-06-03T12:00:00Z') });
    expect(iso(result.firstResponseDueAt)).toBe(FIRST_DUE);
    // A pause before the response moves the first-response due time too.
    const early = sla({
      pauses: [pause('2026-06-01T09:00:00Z', '2026-06-01T10:00:00Z')],
      now: at('2026-06-01T10:00:00Z'),
    });
    expect(iso(early.firstResponseDueAt)).toBe('2026-06-02T09:00:00.000Z'); // Tuesday 10:00 BST
    expect(iso(early.resolutionDueAt)).toBe('2026-06-09T09:00:00.000Z');
  });

  it('while paused, the state is paused and due times are projected as if the clock resumed now', () => {
    const open = pause('2026-06-02T09:00:00Z', null);
    const now = at('2026-06-03T11:00:00Z');
    const paused = sla({ firstRespondedAt: responded, pauses: [open], now });
    expect(paused.slaState).toBe('paused');
    expect(iso(paused.resolutionDueAt)).toBe('2026-06-10T10:00:00.000Z');
    // An hour later, still paused: the projection has moved by one more working hour.
    const later = sla({ firstRespondedAt: responded, pauses: [open], now: at('2026-06-03T12:00:00Z') });
    expect(later.slaState).toBe('paused');
    expect(businessMinutesBetween(C, paused.resolutionDueAt, later.resolutionDueAt)).toBe(60);
    // Resuming now gives the same due time as the projection.
    const resumed = sla({ firstRespondedAt: responded, pauses: [pause('2026-06-02T09:00:00Z', iso(now))], now });
    expect(iso(resumed.resolutionDueAt)).toBe(iso(paused.resolutionDueAt));
  });

  it('a pause outside business hours moves nothing', () => {
    const weekend = pause('2026-06-05T17:00:00Z', '2026-06-08T07:00:00Z');
    const result = sla({ firstRespondedAt: responded, pauses: [weekend], now: at('2026-06-08T07:00:00Z') });
    expect(iso(result.resolutionDueAt)).toBe(RESOLUTION_DUE);
  });

  it('overlapping or repeated pauses count once, and time before createdAt not at all', () => {
    const result = sla({
      firstRespondedAt: responded,
      pauses: [
        tueToWed,
        pause('2026-06-02T12:00:00Z', '2026-06-02T14:00:00Z'),
        tueToWed,
        pause('2026-05-29T09:00:00Z', '2026-06-01T08:00:00Z'),
      ],
      now: at('2026-06-03T12:00:00Z'),
    });
    expect(iso(result.resolutionDueAt)).toBe('2026-06-10T10:00:00.000Z');
  });

  it('breached before the pause stays breached while paused', () => {
    const now = at('2026-06-02T12:00:00Z');
    const result = sla({ pauses: [pause('2026-06-02T09:00:00Z', null)], now });
    expect(iso(result.firstResponseDueAt)).toBe(FIRST_DUE);
    expect(result.firstResponseBreached).toBe(true);
    expect(result.slaState).toBe('breached');
  });

  it('a pause that began before the due time moves it, so the ticket is paused, not breached', () => {
    const result = sla({ pauses: [pause('2026-06-01T14:00:00Z', null)], now: at('2026-06-02T12:00:00Z') });
    expect(result.slaState).toBe('paused');
    expect(result.firstResponseBreached).toBe(false);
    // Two working hours were left when the pause began: due two working hours after now.
    expect(iso(result.firstResponseDueAt)).toBe('2026-06-02T14:00:00.000Z');
  });
});

describe('state', () => {
  it('due_soon under 25% of the running target left; on_track at exactly 25%', () => {
    expect(sla({ now: at('2026-06-01T14:00:00Z') }).slaState).toBe('on_track'); // 120 of 480 left
    expect(sla({ now: at('2026-06-01T14:00:00.001Z') }).slaState).toBe('due_soon');
    expect(sla({ now: at('2026-06-01T15:59:59.999Z') }).slaState).toBe('due_soon');
  });

  it('the running target is the resolution once the first response is given', () => {
    const responded = { firstRespondedAt: at('2026-06-01T09:00:00Z') };
    expect(sla({ ...responded, now: at('2026-06-01T15:30:00Z') }).slaState).toBe('on_track');
    // 720 of 2880 minutes left at Friday 5 June 13:00 BST.
    expect(sla({ ...responded, now: at('2026-06-05T12:00:00Z') }).slaState).toBe('on_track');
    expect(sla({ ...responded, now: at('2026-06-05T12:01:00Z') }).slaState).toBe('due_soon');
  });

  it('due_soon counts business minutes left, so it holds overnight and over the weekend', () => {
    const responded = { firstRespondedAt: at('2026-06-01T09:00:00Z') };
    expect(sla({ ...responded, now: at('2026-06-06T12:00:00Z') }).slaState).toBe('due_soon'); // Saturday
  });

  it('breached once the due time is reached without a response', () => {
    const result = sla({ now: at(FIRST_DUE) });
    expect(result).toMatchObject({ slaState: 'breached', firstResponseBreached: true, resolutionBreached: false });
    expect(breachedTargets(result)).toEqual(['first_response']);
  });

  it('a response at the due time is in time; a later one breaches for good', () => {
    const inTime = sla({ firstRespondedAt: at(FIRST_DUE), now: at('2026-06-02T09:00:00Z') });
    expect(inTime.firstResponseBreached).toBe(false);
    expect(inTime.slaState).toBe('on_track');
    const late = sla({ firstRespondedAt: at('2026-06-01T16:00:00.001Z'), now: at('2026-06-02T09:00:00Z') });
    expect(late.firstResponseBreached).toBe(true);
    expect(late.slaState).toBe('breached');
    const solved = sla({
      firstRespondedAt: at('2026-06-01T16:30:00Z'),
      solvedAt: at('2026-06-02T09:00:00Z'),
      now: at('2026-06-03T09:00:00Z'),
    });
    expect(solved).toMatchObject({ slaState: 'breached', firstResponseBreached: true, resolutionBreached: false });
  });

  it('met when solved in time, whatever the clock says later', () => {
    const result = sla({
      firstRespondedAt: at('2026-06-01T09:00:00Z'),
      solvedAt: at(RESOLUTION_DUE),
      now: at('2026-07-01T09:00:00Z'),
    });
    expect(result).toMatchObject({ slaState: 'met', firstResponseBreached: false, resolutionBreached: false });
    expect(breachedTargets(result)).toEqual([]);
  });

  it('breached when solved late', () => {
    const result = sla({
      firstRespondedAt: at('2026-06-01T09:00:00Z'),
      solvedAt: at('2026-06-09T09:00:00Z'),
      now: at('2026-06-09T09:00:00Z'),
    });
    expect(result).toMatchObject({ slaState: 'breached', firstResponseBreached: false, resolutionBreached: true });
    expect(breachedTargets(result)).toEqual(['resolution']);
  });

  it('solving without a public reply stops the first-response clock too', () => {
    const quick = sla({ solvedAt: at('2026-06-01T10:00:00Z'), now: at('2026-06-20T10:00:00Z') });
    expect(quick).toMatchObject({ slaState: 'met', firstResponseBreached: false });
    // A reply after solving does not turn an in-time first response into a late one.
    const replyAfter = sla({
      solvedAt: at('2026-06-01T10:00:00Z'),
      firstRespondedAt: at('2026-06-03T10:00:00Z'),
      now: at('2026-06-20T10:00:00Z'),
    });
    expect(replyAfter.slaState).toBe('met');
    const slow = sla({ solvedAt: at('2026-06-02T10:00:00Z'), now: at('2026-06-20T10:00:00Z') });
    expect(slow).toMatchObject({ slaState: 'breached', firstResponseBreached: true, resolutionBreached: false });
  });

  it('both targets breached', () => {
    const result = sla({ now: at('2026-06-09T09:00:00Z') });
    expect(result).toMatchObject({ slaState: 'breached', firstResponseBreached: true, resolutionBreached: true });
    expect(breachedTargets(result)).toEqual(['first_response', 'resolution']);
  });

  it('works in another calendar (New York office)', () => {
    // Monday 1 June 2026 11:30 EDT, urgent: 30 minutes before lunch, 30 after.
    const createdAt = at('2026-06-01T15:30:00Z');
    const result = computeSla(
      input({ calendar: NEW_YORK_OFFICE, createdAt, now: createdAt, policy: SLA_DEFAULT_POLICIES.urgent }),
    );
    expect(iso(result.firstResponseDueAt)).toBe('2026-06-01T17:30:00.000Z');
  });
});

describe('nextSlaCheckAt', () => {
  it('is the due-soon threshold of the running target while on track', () => {
    expect(iso(nextSlaCheckAt(input()))).toBe('2026-06-01T14:00:00.000Z');
    expect(
      iso(nextSlaCheckAt(input({ firstRespondedAt: at('2026-06-01T09:00:00Z'), now: at('2026-06-01T09:00:00Z') }))),
    ).toBe('2026-06-05T12:00:00.000Z');
  });

  it('is the due time once due soon, then the other target once one is breached', () => {
    expect(iso(nextSlaCheckAt(input({ now: at('2026-06-01T15:00:00Z') })))).toBe(FIRST_DUE);
    expect(iso(nextSlaCheckAt(input({ now: at('2026-06-01T16:00:00Z') })))).toBe(RESOLUTION_DUE);
  });

  it('is null when only an event can change the state', () => {
    expect(
      nextSlaCheckAt(input({ pauses: [pause('2026-06-01T09:00:00Z', null)], now: at('2026-06-01T10:00:00Z') })),
    ).toBe(null);
    expect(nextSlaCheckAt(input({ solvedAt: at('2026-06-01T10:00:00Z'), now: at('2026-06-01T10:00:00Z') }))).toBe(null);
    expect(nextSlaCheckAt(input({ now: at('2026-06-09T09:00:00Z') }))).toBe(null);
  });

  it('the state just after the returned instant differs from the state now', () => {
    let now = CREATED;
    const states: string[] = [sla({ now }).slaState];
    for (let next = nextSlaCheckAt(input({ now })); next; next = nextSlaCheckAt(input({ now }))) {
      now = new Date(next.getTime() + 1);
      states.push(sla({ now }).slaState);
    }
    expect(states).toEqual(['on_track', 'due_soon', 'breached', 'breached']);
  });
});

describe('properties', () => {
  // Closed pauses as [offset from createdAt, length], in real minutes.
  const pauses = fc.array(fc.tuple(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 1, max: 5_000 })), {
    maxLength: 4,
  });
  const policies = fc.constantFrom(...Object.values(SLA_DEFAULT_POLICIES));
  const created = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 1) });
  const MINUTE = 60_000;

  it('the clock runs exactly the target between createdAt and the due time, pauses excluded', () => {
    fc.assert(
      fc.property(created, policies, pauses, (start, policy, raw) => {
        const createdAt = new Date(start);
        const list: SlaPause[] = raw.map(([offset, length]) => ({
          from: new Date(start + offset * MINUTE),
          to: new Date(start + (offset + length) * MINUTE),
        }));
        const now = new Date(start + 30_000 * MINUTE);
        const { resolutionDueAt } = computeSla(input({ createdAt, policy, pauses: list, now }));
        // Paused business time inside [createdAt, due), counting overlapping pauses once.
        let paused = 0;
        let counted = start; // paused time before this instant is already in `paused`
        for (const p of [...list].sort((a, b) => a.from.getTime() - b.from.getTime())) {
          const from = Math.max(p.from.getTime(), counted);
          const to = Math.min(p.to!.getTime(), resolutionDueAt.getTime());
          if (to > from) paused += businessMinutesBetween(C, new Date(from), new Date(to));
          counted = Math.max(counted, p.to!.getTime());
        }
        expect(businessMinutesBetween(C, createdAt, resolutionDueAt) - paused).toBeCloseTo(policy.resolutionMinutes, 6);
        // Pausing never brings a due time earlier.
        const unpaused = computeSla(input({ createdAt, policy, now })).resolutionDueAt;
        expect(resolutionDueAt.getTime()).toBeGreaterThanOrEqual(unpaused.getTime());
        expect(resolutionDueAt.getTime()).toBe(
          addBusinessMinutes(C, unpaused, businessMinutesBetween(C, unpaused, resolutionDueAt)).getTime(),
        );
      }),
      { numRuns: 100 },
    );
  });

  it('the state over time goes on_track → due_soon → breached and never back, without events', () => {
    fc.assert(
      fc.property(
        created,
        policies,
        fc.array(fc.integer({ min: 0, max: 20_000 }), { minLength: 2 }),
        (start, policy, offsets) => {
          const createdAt = new Date(start);
          const order = ['on_track', 'due_soon', 'breached'];
          const ranks = [...offsets]
            .sort((a, b) => a - b)
            .map((o) =>
              order.indexOf(computeSla(input({ createdAt, policy, now: new Date(start + o * MINUTE) })).slaState),
            );
          expect(ranks.every((r) => r >= 0)).toBe(true);
          expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
        },
      ),
      { numRuns: 100 },
    );
  });
});
