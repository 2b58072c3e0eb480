import { useEffect } from 'react';
import { useLocation } from 'react-router';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useSessionUser } from '../auth/session';
import { ClientKycSection } from '../kyc/ClientKycSection';

/** A client's own space: who they are with us, and their KYC documents. */
export function PortalPage() {
  useDocumentTitle('Your account');
  const user = useSessionUser();
  const customer = user.customer;
  const { hash } = useLocation();
  // A link from a request ("Go to my documents") lands on the KYC section.
  useEffect(() => {
    if (hash === '#kyc') document.getElementById('kyc')?.scrollIntoView({ block: 'start' });
  }, [hash]);
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500">Welcome, {user.name}</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight text-slate-900" data-testid="portal-customer-name">
          {customer?.displayName ?? 'Your account'}
        </h1>
        {customer && <p className="mt-1 text-sm text-slate-600">Customer number {customer.customerNumber}</p>}
      </div>
      <div id="kyc" className="scroll-mt-4">
        <ClientKycSection />
      </div>
    </div>
  );
}
