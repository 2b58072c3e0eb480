import {
  CUSTOMER_STATUSES,
  CUSTOMER_TYPES,
  type CustomerStatus,
  KYC_STATUSES,
  type KycStatus,
  RISK_LEVELS,
  type RiskLevel,
} from '@cm/domain';
import type { Tone } from '../../components/Badge';
import type { Option } from '../../components/SelectField';
import { humanize } from '../../lib/format';

const options = (values: readonly string[]): Option[] => values.map((value) => ({ value, label: humanize(value) }));

export const STATUS_OPTIONS = options(CUSTOMER_STATUSES);
export const KYC_OPTIONS = options(KYC_STATUSES);
export const TYPE_OPTIONS = options(CUSTOMER_TYPES);
export const RISK_OPTIONS = options(RISK_LEVELS);
/** `sort:order` pairs, for the sort menu (the column headers do the same on wide screens). */
export const SORT_OPTIONS: Option[] = [
  { value: 'createdAt:desc', label: 'Newest first' },
  { value: 'createdAt:asc', label: 'Oldest first' },
  { value: 'name:asc', label: 'Name (A–Z)' },
  { value: 'name:desc', label: 'Name (Z–A)' },
  { value: 'number:asc', label: 'Number (ascending)' },
  { value: 'number:desc', label: 'Number (descending)' },
];

export const STATUS_TONE: Record<CustomerStatus, Tone> = {
  pending: 'amber',
  active: 'green',
  suspended: 'orange',
  closed: 'slate',
};

export const KYC_TONE: Record<KycStatus, Tone> = {
  not_started: 'slate',
  pending: 'sky',
  verified: 'green',
  rejected: 'red',
  expired: 'orange',
};

export const RISK_TONE: Record<RiskLevel, Tone> = {
  low: 'green',
  medium: 'amber',
  high: 'red',
};
