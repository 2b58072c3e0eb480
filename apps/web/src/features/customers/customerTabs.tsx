import type { Customer, Permission } from '@cm/domain';
import type { ComponentType } from 'react';
import { type Preloadable, preloadable } from '../../lib/preloadable';
import { CustomerProfileTab } from './CustomerProfileTab';

export interface CustomerTab {
  value: string;
  label: string;
  permission: Permission;
  /** Each tab's panel lives in its feature folder, so that feature can replace it on its own. */
  Panel: ComponentType<{ customer: Customer }> & Partial<Pick<Preloadable, 'preload'>>;
}

type Panel = Preloadable<{ customer: Customer }>;

// Only the profile (the tab a customer's page opens on) is in the page's own code; the others are
// chunks of their own, fetched once the page is on screen (CustomerDetailPage), so the first paint
// does not wait for notes, uploads, the timeline and their libraries.
const kyc: Panel = preloadable(() => import('../kyc/CustomerKycTab').then((m) => m.CustomerKycTab));
const notes: Panel = preloadable(() => import('../notes/CustomerNotesTab').then((m) => m.CustomerNotesTab));
const documents: Panel = preloadable(() =>
  import('../documents/CustomerDocumentsTab').then((m) => m.CustomerDocumentsTab),
);
const tickets: Panel = preloadable(() => import('../tickets/CustomerTicketsTab').then((m) => m.CustomerTicketsTab));
const activity: Panel = preloadable(() => import('../activity/CustomerActivityTab').then((m) => m.CustomerActivityTab));
const privacy: Panel = preloadable(() => import('../privacy/CustomerPrivacyTab').then((m) => m.CustomerPrivacyTab));

export const CUSTOMER_TABS: readonly CustomerTab[] = [
  { value: 'profile', label: 'Profile', permission: 'customers:view', Panel: CustomerProfileTab },
  { value: 'kyc', label: 'KYC', permission: 'kyc:view', Panel: kyc },
  { value: 'notes', label: 'Notes', permission: 'notes:view', Panel: notes },
  { value: 'documents', label: 'Documents', permission: 'documents:view', Panel: documents },
  { value: 'tickets', label: 'Tickets', permission: 'tickets:view', Panel: tickets },
  { value: 'activity', label: 'Activity', permission: 'audit:view', Panel: activity },
  { value: 'privacy', label: 'Privacy', permission: 'privacy:manage', Panel: privacy },
];
