import { type TicketPriority, type TicketType, ticketCreateInput } from '@cm/domain';
import type { Actor } from '../services/actor';
import type { ServiceDeps } from '../services/service-deps';
import { createGroup, setGroupMembers } from '../services/ticket-settings';
import { sweepTicketBreaches } from '../services/ticket-sweeps';
import { assignTicket, createTicket, getTicket, postTicketMessage, setTicketStatus } from '../services/tickets';

const HOUR = 3600_000;

/** What happens to a demo ticket after it is opened: hours after opening, by whom. */
type Step =
  | { at: number; by: 'staff' | 'client'; reply: string }
  | { at: number; by: 'staff'; note: string }
  | {
      at: number;
      by: 'staff';
      status: 'open' | 'pending_customer' | 'on_hold' | 'solved' | 'closed';
      awaiting?: string;
    };

interface DemoTicket {
  subject: string;
  type: TicketType;
  priority: TicketPriority;
  group: 'support' | 'compliance' | 'onboarding';
  /** Hours before now that it was opened. */
  openedHoursAgo: number;
  fromClient?: boolean;
  assign?: 'corporate' | 'admin';
  body: string;
  steps: Step[];
}

const STORIES: DemoTicket[] = [
  {
    subject: 'Cannot download my monthly statement',
    type: 'incident',
    priority: 'high',
    group: 'support',
    openedHoursAgo: 30,
    fromClient: true,
    assign: 'corporate',
    body: 'The download button on the statements page does nothing since yesterday.',
    steps: [
      { at: 2, by: 'staff', reply: 'Thanks for letting us know. We are looking into it now.' },
      { at: 3, by: 'staff', note: 'Reproduced on Safari only; raised with the platform team.' },
    ],
  },
  {
    subject: 'Proof of address needed to finish onboarding',
    type: 'compliance',
    priority: 'normal',
    group: 'compliance',
    openedHoursAgo: 50,
    assign: 'corporate',
    body: 'To complete your onboarding we still need a proof of address issued in the last three months.',
    steps: [
      { at: 1, by: 'staff', reply: 'Please upload a utility bill or bank statement showing your address.' },
      { at: 1.1, by: 'staff', status: 'pending_customer', awaiting: 'proof_of_address' },
    ],
  },
  {
    subject: 'Question about the annual fee',
    type: 'question',
    priority: 'low',
    group: 'support',
    openedHoursAgo: 200,
    fromClient: true,
    assign: 'admin',
    body: 'Is the annual fee charged in January or on the anniversary of the account?',
    steps: [
      { at: 5, by: 'staff', reply: 'It is charged on the anniversary of your account opening.' },
      { at: 6, by: 'staff', status: 'solved' },
    ],
  },
  {
    subject: 'Change of registered company address',
    type: 'request',
    priority: 'normal',
    group: 'onboarding',
    openedHoursAgo: 6,
    fromClient: true,
    body: 'We moved offices last month. How do we update our registered address?',
    steps: [],
  },
  {
    subject: 'Complaint: card payment declined twice',
    type: 'complaint',
    priority: 'urgent',
    group: 'support',
    openedHoursAgo: 3,
    fromClient: true,
    body: 'My card was declined twice at checkout although the balance is fine. This is very frustrating.',
    steps: [],
  },
  {
    subject: 'Passport expiring next month',
    type: 'compliance',
    priority: 'high',
    group: 'compliance',
    openedHoursAgo: 20,
    assign: 'corporate',
    body: 'Your passport on file expires next month; please upload the renewed one.',
    steps: [
      { at: 0.5, by: 'staff', reply: 'A reminder that we need the renewed passport before it expires.' },
      { at: 24, by: 'client', reply: 'I have applied for the renewal and will upload it as soon as it arrives.' },
      { at: 25, by: 'staff', status: 'on_hold' },
    ],
  },
  {
    subject: 'Access for a second director',
    type: 'request',
    priority: 'normal',
    group: 'onboarding',
    openedHoursAgo: 400,
    assign: 'admin',
    body: 'Please give our second director access to the portal.',
    steps: [
      { at: 2, by: 'staff', reply: 'Done — an invitation has been sent.' },
      { at: 3, by: 'staff', status: 'solved' },
      { at: 200, by: 'staff', status: 'closed' },
    ],
  },
  {
    subject: 'Wire transfer not received',
    type: 'incident',
    priority: 'urgent',
    group: 'support',
    openedHoursAgo: 0.8,
    fromClient: true,
    assign: 'corporate',
    body: 'A wire transfer sent on Monday has not arrived. Reference 88-2231-XK.',
    steps: [],
  },
];

const STAFF_REPLIES = [
  'Thank you, we have passed this to the right team and will come back to you shortly.',
  'Could you confirm the last four digits of the account concerned?',
  'We have updated your details; nothing further is needed from you.',
];

/**
 * Demo helpdesk: three queues and tickets across statuses, priorities and SLA states on the demo
 * customers, opened in the past so the inbox shows due-soon, breached, waiting and solved work.
 */
/** The demo's queues, staffed by the demo admin and corporate user; made before any KYC work, so the
 * compliance tickets the KYC demo opens land in the Compliance queue. */
export async function seedDemoQueues(deps: ServiceDeps, people: { admin: Actor; corporate: Actor }) {
  const groups = {
    support: await createGroup(deps, people.admin, {
      name: 'Customer support',
      description: 'Questions and incidents',
    }),
    compliance: await createGroup(deps, people.admin, { name: 'Compliance', description: 'KYC follow-up and reviews' }),
    onboarding: await createGroup(deps, people.admin, { name: 'Onboarding', description: 'New customers and access' }),
  };
  const staffIds = [people.admin.userId!, people.corporate.userId!];
  for (const g of Object.values(groups)) await setGroupMembers(deps, people.admin, { id: g.id, userIds: staffIds });
  return groups;
}

export async function seedDemoTickets(
  deps: ServiceDeps,
  customers: { id: string; type: string }[],
  people: { admin: Actor; corporate: Actor; client: Actor },
  groups: Awaited<ReturnType<typeof seedDemoQueues>>,
) {
  const now = deps.now().getTime();
  const at = (t: number) => ({ ...deps, now: () => new Date(t) });
  const clientCustomer = people.client.customerId!;
  // The demo client's customer gets the first stories; the rest spread over other customers.
  const others = customers.filter((c) => c.id !== clientCustomer);
  let n = 0;
  const extra: DemoTicket[] = Array.from({ length: 24 }, (_, i) => ({
    subject: ['Statement copy request', 'Update phone number', 'Fee question', 'Login trouble', 'KYC document query'][
      i % 5
    ]!,
    type: (['request', 'request', 'question', 'incident', 'compliance'] as const)[i % 5]!,
    priority: (['low', 'normal', 'normal', 'high'] as const)[i % 4]!,
    group: (['support', 'support', 'onboarding', 'compliance'] as const)[i % 4]!,
    openedHoursAgo: 1 + ((i * 37) % 300),
    assign: i % 3 === 0 ? undefined : i % 3 === 1 ? 'corporate' : 'admin',
    body: 'Hello, could you help me with this please?',
    steps:
      i % 4 === 0
        ? []
        : [
            { at: 1 + (i % 5), by: 'staff', reply: STAFF_REPLIES[i % 3]! },
            ...(i % 4 === 3 ? [{ at: 4 + (i % 5), by: 'staff' as const, status: 'solved' as const }] : []),
          ],
  }));
  for (const story of [...STORIES, ...extra]) {
    const own = n < 3;
    const customerId = own ? clientCustomer : others[n % others.length]!.id;
    n += 1;
    const opened = now - story.openedHoursAgo * HOUR;
    const author = own && story.fromClient ? people.client : people.corporate;
    const ticket = await createTicket(
      at(opened),
      author,
      ticketCreateInput.parse({
        customerId,
        subject: story.subject,
        type: story.type,
        body: story.body,
        ...(author === people.client ? {} : { priority: story.priority, groupId: groups[story.group].id }),
      }),
    );
    if (story.assign) {
      await assignTicket(at(opened + 60_000), people.admin, {
        id: ticket.id,
        version: ticket.version,
        assigneeId: people[story.assign].userId,
      });
    }
    for (const step of story.steps) {
      const when = at(Math.min(opened + step.at * HOUR, now - 60_000));
      const actor = step.by === 'client' ? (own ? people.client : null) : people.corporate;
      if (!actor) continue;
      if ('reply' in step)
        await postTicketMessage(when, actor, { id: ticket.id, body: step.reply, visibility: 'public' });
      else if ('note' in step)
        await postTicketMessage(when, actor, { id: ticket.id, body: step.note, visibility: 'internal' });
      else {
        const { version } = await getTicket(deps, people.admin, ticket.id);
        await setTicketStatus(when, step.status === 'closed' ? people.admin : actor, {
          id: ticket.id,
          version,
          status: step.status,
          awaiting: step.awaiting ? { kind: 'kyc_document', documentType: step.awaiting as never } : null,
        });
      }
    }
  }
  // Record the breaches the demo history already has, as the periodic sweep would.
  await sweepTicketBreaches(deps);
}
