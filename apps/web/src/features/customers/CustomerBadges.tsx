import type { CustomerStatus, KycStatus, RiskLevel } from '@cm/domain';
import { Badge } from '../../components/Badge';
import { humanize } from '../../lib/format';
import { KYC_TONE, RISK_TONE, STATUS_TONE } from './customerOptions';

export function StatusBadge({ status }: { status: CustomerStatus }) {
  return (
    <Badge tone={STATUS_TONE[status]} dot>
      {humanize(status)}
    </Badge>
  );
}

export function KycBadge({ status, withLabel }: { status: KycStatus; withLabel?: boolean }) {
  return (
    <Badge tone={KYC_TONE[status]}>
      {withLabel ? 'KYC: ' : ''}
      {humanize(status)}
    </Badge>
  );
}

export function RiskBadge({ level, withLabel }: { level: RiskLevel; withLabel?: boolean }) {
  return (
    <Badge tone={RISK_TONE[level]}>
      {humanize(level)}
      {withLabel ? ' risk' : ''}
    </Badge>
  );
}
