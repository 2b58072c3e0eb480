import type { NotificationKind } from './schemas';

export const PRODUCT_NAME = 'Customer Manager';

type SlaTarget = 'first_response' | 'resolution';

/**
 * What each template may say. Client kinds carry only what the client already sees in the portal
 * (their ticket's number and subject, the public reply, their own document's type, dates and the
 * rejection reason), so no internal note, queue or staff-only field can reach a client's mail.
 */
export type NotificationContent =
  | {
      kind: 'ticket.public_reply';
      data: { recipientName: string; ticketNumber: string; subject: string; body: string };
    }
  | {
      kind: 'ticket.assigned';
      data: {
        recipientName: string;
        ticketNumber: string;
        subject: string;
        customerName: string;
        priority: string;
        assignedBy: string | null;
      };
    }
  | {
      kind: 'ticket.due_soon' | 'ticket.breached';
      data: {
        recipientName: string;
        ticketNumber: string;
        subject: string;
        customerName: string;
        priority: string;
        target: SlaTarget;
        dueAt: Date;
        queueName: string | null;
      };
    }
  | {
      kind: 'kyc.expiring';
      data: { recipientName: string; documentLabel: string; expiresAt: string; daysLeft: number };
    }
  | {
      kind: 'kyc.rejected';
      data: { recipientName: string; documentLabel: string; reason: string };
    };

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const TARGET_LABEL: Record<SlaTarget, string> = { first_response: 'first response', resolution: 'resolution' };

function when(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Subject and plain-text paragraphs of each kind; the HTML is derived from the same text. */
function compose(c: NotificationContent): { subject: string; paragraphs: string[] } {
  const hello = `Hello ${c.data.recipientName},`;
  switch (c.kind) {
    case 'ticket.public_reply':
      return {
        subject: `[${c.data.ticketNumber}] New reply: ${c.data.subject}`,
        paragraphs: [
          hello,
          `Our team replied to your request ${c.data.ticketNumber} "${c.data.subject}":`,
          c.data.body,
          `Sign in to ${PRODUCT_NAME} to answer or to see the whole conversation.`,
        ],
      };
    case 'ticket.assigned':
      return {
        subject: `[${c.data.ticketNumber}] Assigned to you: ${c.data.subject}`,
        paragraphs: [
          hello,
          `${c.data.assignedBy ?? 'Someone'} assigned ticket ${c.data.ticketNumber} "${c.data.subject}" to you.`,
          `Customer: ${c.data.customerName}\nPriority: ${c.data.priority}`,
        ],
      };
    case 'ticket.due_soon':
    case 'ticket.breached': {
      const target = TARGET_LABEL[c.data.target];
      const due = when(c.data.dueAt);
      return {
        subject:
          c.kind === 'ticket.due_soon'
            ? `[${c.data.ticketNumber}] ${capitalise(target)} due soon: ${c.data.subject}`
            : `[${c.data.ticketNumber}] ${capitalise(target)} target missed: ${c.data.subject}`,
        paragraphs: [
          hello,
          c.kind === 'ticket.due_soon'
            ? `The ${target} on ticket ${c.data.ticketNumber} "${c.data.subject}" is due at ${due}.`
            : `Ticket ${c.data.ticketNumber} "${c.data.subject}" missed its ${target} target (due at ${due}).`,
          [
            `Customer: ${c.data.customerName}`,
            `Priority: ${c.data.priority}`,
            ...(c.data.queueName ? [`Queue: ${c.data.queueName}`] : []),
          ].join('\n'),
        ],
      };
    }
    case 'kyc.expiring':
      return {
        subject: `Your ${c.data.documentLabel} expires on ${c.data.expiresAt}`,
        paragraphs: [
          hello,
          `Your ${c.data.documentLabel} on file with us expires on ${c.data.expiresAt} (in ${c.data.daysLeft} ${c.data.daysLeft === 1 ? 'day' : 'days'}).`,
          `Please sign in to ${PRODUCT_NAME} and upload a current one before then, so your account stays verified.`,
        ],
      };
    case 'kyc.rejected':
      return {
        subject: `Your ${c.data.documentLabel} could not be accepted`,
        paragraphs: [
          hello,
          `We could not accept the ${c.data.documentLabel} you uploaded. The reason:`,
          c.data.reason,
          `Please sign in to ${PRODUCT_NAME} and upload a new one.`,
        ],
      };
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const FOOTER = `— ${PRODUCT_NAME}\nThis message was sent automatically; replies to it are not read.`;

/** One template per kind: the plain text is the source, and the HTML is that text escaped. */
export function renderNotification(content: NotificationContent): RenderedMail & { kind: NotificationKind } {
  const { subject, paragraphs } = compose(content);
  const all = [...paragraphs, FOOTER];
  const text = `${all.join('\n\n')}\n`;
  const body = all
    .flatMap((p) => p.split(/\n{2,}/))
    .map((p) => `<p>${escapeHtml(p).replace(/\r?\n/g, '<br>\n')}</p>`)
    .join('\n');
  const html =
    `<!doctype html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(subject)} — ${PRODUCT_NAME}</title></head>\n` +
    `<body style="font-family: sans-serif; line-height: 1.5">\n${body}\n</body></html>\n`;
  // Subjects are one line: a line break in a ticket subject must not start a new header.
  return { kind: content.kind, subject: subject.replace(/[\r\n]+/g, ' ').slice(0, 250), text, html };
}
