import type { StaticPageHeader } from '../components/pageHeaderMarkup';

/**
 * Pages whose title and description never change (no name, no count in them), by address. The server sends
 * these addresses an index.html whose frame already shows the header (build/page-frames.ts), so the page's
 * largest text is painted with the first frame instead of after the scripts; each page renders its entry.
 */
export const STATIC_PAGE_HEADERS = {
  '/customers': { title: 'Customers', description: 'Individuals and businesses, their status and KYC.' },
  '/tickets': { title: 'Tickets', description: 'Requests, incidents and compliance work, with their service levels.' },
  '/users': { title: 'Users', description: 'Who can sign in to Customer Manager, and as what.' },
  '/audit': { title: 'Audit log', description: 'Every change, sign-in and download, newest first.' },
} as const satisfies Record<string, StaticPageHeader>;
