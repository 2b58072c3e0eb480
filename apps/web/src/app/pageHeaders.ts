import type { Permission, RestrictedOperation } from '@cm/domain';
import type { StaticPageHeader } from '../components/pageHeaderMarkup';

export interface FramedPage extends StaticPageHeader {
  /** Who may open the page (the router's gate for it): the server draws the header only for them. */
  permission: Permission;
  operation?: RestrictedOperation;
}

/**
 * Staff pages whose title and description never change (no name, no count in them), by address. For a
 * signed-in user who may open one, the server sends an index.html whose frame already shows its header
 * (build/page-frames.ts), so the page's largest text is painted with the first frame instead of after the
 * scripts; anyone else gets the plain frame. Each page renders its entry.
 */
export const STATIC_PAGE_HEADERS = {
  '/customers': {
    title: 'Customers',
    description: 'Individuals and businesses, their status and KYC.',
    permission: 'customers:view',
  },
  '/tickets': {
    title: 'Tickets',
    description: 'Requests, incidents and compliance work, with their service levels.',
    permission: 'tickets:view',
  },
  '/users': {
    title: 'Users',
    description: 'Who can sign in to Customer Manager, and as what.',
    permission: 'users:manage',
  },
  '/audit': {
    title: 'Audit log',
    description: 'Every change, sign-in and download, newest first.',
    permission: 'audit:view',
    operation: 'audit.list',
  },
} as const satisfies Record<string, FramedPage>;
