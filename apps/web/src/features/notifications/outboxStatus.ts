import type { OutboxItem, OutboxStatus } from '@cm/domain';
import type { Tone } from '../../components/Badge';

export const OUTBOX_STATUS_TONE: Record<OutboxStatus, Tone> = { pending: 'amber', sent: 'green', failed: 'red' };

/** "Waiting" until a first attempt failed; then "Retrying". */
export function outboxStatusLabel(m: Pick<OutboxItem, 'status' | 'attempts'>): string {
  if (m.status === 'sent') return 'Sent';
  if (m.status === 'failed') return 'Failed';
  return m.attempts === 0 ? 'Waiting' : 'Retrying';
}
