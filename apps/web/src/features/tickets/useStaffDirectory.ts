import { can, type Ticket } from '@cm/domain';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { trpc } from '../../lib/trpc';
import { useSessionUser } from '../auth/session';

export interface StaffMember {
  id: string;
  name: string;
}

/**
 * The people a ticket can be assigned to. Administrators read the user list (staff roles, not
 * disabled); anyone else knows themselves and the assignees of the tickets on screen, since the
 * user list is an administrator's page.
 */
export function useStaffDirectory(seen: readonly Pick<Ticket, 'assigneeId' | 'assigneeName'>[] = []) {
  const user = useSessionUser();
  const mayList = can(user.role, 'users:manage');
  const users = useQuery(trpc.users.list.queryOptions({ limit: 100 }, { enabled: mayList, staleTime: 5 * 60_000 }));
  const staff = useMemo(() => {
    const byId = new Map<string, StaffMember>();
    byId.set(user.id, { id: user.id, name: user.name });
    for (const u of users.data?.items ?? []) {
      if ((u.role === 'admin' || u.role === 'corporate') && !u.disabledAt) byId.set(u.id, { id: u.id, name: u.name });
    }
    for (const t of seen) {
      if (t.assigneeId && t.assigneeName && !byId.has(t.assigneeId)) {
        byId.set(t.assigneeId, { id: t.assigneeId, name: t.assigneeName });
      }
    }
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
  }, [user.id, user.name, users.data, seen]);
  return { staff, me: user };
}
