import { NOTE_CONTENT_MAX, NOTE_TYPE_LABELS, NOTE_TYPES, type NoteType } from '@cm/domain';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Tone } from '../../components/Badge';
import type { FieldErrors } from '../../lib/errors';
import { formatNumber } from '../../lib/format';
import { trpc } from '../../lib/trpc';

export const NOTE_TYPE_OPTIONS = NOTE_TYPES.map((t) => ({ value: t, label: NOTE_TYPE_LABELS[t] }));

export const NOTE_TONE: Record<NoteType, Tone> = {
  general: 'slate',
  call: 'sky',
  meeting: 'indigo',
  email: 'green',
  issue: 'red',
  followup: 'amber',
  internal: 'orange',
};

export const contentCounter = (length: number) => `${formatNumber(length)} / ${formatNumber(NOTE_CONTENT_MAX)}`;

/** Zod issues → per-field messages (first path segment). */
export function issuesToFieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] = [...(errors[field] ?? []), issue.message];
  }
  return errors;
}

/** Notes lists (every filter) and the timeline. */
export function useNotesRefresh() {
  const queryClient = useQueryClient();
  return useCallback(
    () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.notes.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.audit.pathKey() }),
      ]),
    [queryClient],
  );
}

/** Ctrl+Enter or Cmd+Enter. */
export function isSubmitShortcut(e: { key: string; ctrlKey: boolean; metaKey: boolean }) {
  return e.key === 'Enter' && (e.ctrlKey || e.metaKey);
}
