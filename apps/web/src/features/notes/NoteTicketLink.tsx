import { can, type Note, TICKET_STATUS_LABELS } from '@cm/domain';
import { TicketPlus } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { Button } from '../../components/Button';
import { useSessionUser } from '../auth/session';
import { NewTicketDialog } from '../tickets/NewTicketDialog';
import { ticketPath } from '../tickets/ticketModel';
import type { PickedCustomer } from '../users/CustomerPicker';

/** Notes that call for follow-up work can become a ticket (issue 11). */
const TICKETABLE: ReadonlySet<Note['noteType']> = new Set(['issue', 'followup']);

/**
 * Under a note: the ticket made from it with its live status, or — for issue and follow-up notes —
 * a button that opens a ticket prefilled from the note and linked to it.
 */
export function NoteTicketLink({ note, customer }: { note: Note; customer: PickedCustomer }) {
  const user = useSessionUser();
  const [creating, setCreating] = useState(false);
  if (note.ticket) {
    return (
      <p className="mt-2 text-xs text-slate-600">
        Ticket{' '}
        <Link to={ticketPath(note.ticket)} className="font-medium text-indigo-700 hover:underline">
          {note.ticket.ticketNumber}
        </Link>{' '}
        · {TICKET_STATUS_LABELS[note.ticket.status]}
      </p>
    );
  }
  if (!TICKETABLE.has(note.noteType) || !can(user.role, 'tickets:create')) return null;
  return (
    <>
      <Button variant="secondary" size="sm" className="mt-2" onClick={() => setCreating(true)}>
        <TicketPlus className="size-4" aria-hidden="true" /> Create ticket
      </Button>
      <NewTicketDialog
        open={creating}
        onOpenChange={setCreating}
        customer={customer}
        fromNote={{ id: note.id, title: note.title, content: note.content }}
      />
    </>
  );
}
