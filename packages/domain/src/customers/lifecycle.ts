import { PreconditionFailed } from '../errors';
import type { CustomerStatus, KycStatus } from './enums';

export const LIFECYCLE_ACTIONS = ['activate', 'suspend', 'close'] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

const ALLOWED_FROM: Record<LifecycleAction, readonly CustomerStatus[]> = {
  activate: ['pending', 'suspended'],
  suspend: ['active'],
  close: ['pending', 'active', 'suspended'],
};

const TARGET: Record<LifecycleAction, CustomerStatus> = {
  activate: 'active',
  suspend: 'suspended',
  close: 'closed',
};

/** Whether the lifecycle allows `action` from `status` (ignores the KYC precondition). */
export function canTransition(status: CustomerStatus, action: LifecycleAction): boolean {
  return ALLOWED_FROM[action].includes(status);
}

/**
 * The status lifecycle of SPEC §2: pending → active ⇄ suspended, any open status → closed (final).
 * Activation also requires a verified KYC status; the error data lists what is missing. Pass the
 * KYC status derived from the documents at the time of the request (`deriveKycStatus`), not a
 * stored copy, which lags behind expiries until the sweep runs.
 */
export function nextStatus(
  current: { status: CustomerStatus; kycStatus: KycStatus },
  action: LifecycleAction,
  missingRequirements: readonly string[] = [],
): CustomerStatus {
  if (!canTransition(current.status, action)) {
    throw new PreconditionFailed(`A ${current.status} customer cannot be ${pastTense(action)}.`, {
      status: current.status,
      action,
    });
  }
  if (action === 'activate' && current.kycStatus !== 'verified') {
    throw new PreconditionFailed('KYC must be verified before the customer can be activated.', {
      kycStatus: current.kycStatus,
      missingRequirements,
    });
  }
  return TARGET[action];
}

function pastTense(action: LifecycleAction): string {
  return { activate: 'activated', suspend: 'suspended', close: 'closed' }[action];
}
