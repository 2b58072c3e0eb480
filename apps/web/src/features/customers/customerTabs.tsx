import type { Customer, Permission } from '@cm/domain';
import type { ComponentType } from 'react';
import { CustomerActivityTab } from '../activity/CustomerActivityTab';
import { CustomerDocumentsTab } from '../documents/CustomerDocumentsTab';
import { CustomerKycTab } from '../kyc/CustomerKycTab';
import { CustomerNotesTab } from '../notes/CustomerNotesTab';
import { CustomerPrivacyTab } from '../privacy/CustomerPrivacyTab';
import { CustomerTicketsTab } from '../tickets/CustomerTicketsTab';
import { CustomerProfileTab } from './CustomerProfileTab';

export interface CustomerTab {
  value: string;
  label: string;
  permission: Permission;
  /** Each tab's panel lives in its feature folder, so that feature can replace it on its own. */
  Panel: ComponentType<{ customer: Customer }>;
}

export const CUSTOMER_TABS: readonly CustomerTab[] = [
  { value: 'profile', label: 'Profile', permission: 'customers:view', Panel: CustomerProfileTab },
  { value: 'kyc', label: 'KYC', permission: 'kyc:view', Panel: CustomerKycTab },
  { value: 'notes', label: 'Notes', permission: 'notes:view', Panel: CustomerNotesTab },
  { value: 'documents', label: 'Documents', permission: 'documents:view', Panel: CustomerDocumentsTab },
  { value: 'tickets', label: 'Tickets', permission: 'tickets:view', Panel: CustomerTicketsTab },
  { value: 'activity', label: 'Activity', permission: 'audit:view', Panel: CustomerActivityTab },
  { value: 'privacy', label: 'Privacy', permission: 'privacy:manage', Panel: CustomerPrivacyTab },
];
