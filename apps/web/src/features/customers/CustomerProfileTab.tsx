import { addressLines, type Customer, type formatPhone } from '@cm/domain';
import { type ReactNode, useEffect, useState } from 'react';
import { Card, CardHeader } from '../../components/Card';
import { countryName } from '../../lib/countries';
import { formatDate, formatDateTime, humanize } from '../../lib/format';
import { KycBadge, RiskBadge, StatusBadge } from './CustomerBadges';

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="py-3 sm:grid sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="mt-1 text-sm text-slate-900 sm:col-span-2 sm:mt-0">{children ?? '—'}</dd>
    </div>
  );
}

const orDash = (v: string | null | undefined) => (v?.trim() ? v : '—');

type PhoneFormatter = typeof formatPhone;
let loadedFormatter: PhoneFormatter | undefined;
const loadFormatter = () =>
  import('./phoneText').then((m) => {
    loadedFormatter = m.formatPhone;
    return m.formatPhone;
  });

/**
 * International format; a `tel:` link with the E.164 number when it can be read, else the stored text. The
 * stored text shows until the phone rules (their own chunk) have loaded.
 */
function Phone({ value, country }: { value: string | null; country: string }) {
  const [format, setFormat] = useState(() => loadedFormatter);
  useEffect(() => {
    if (format) return;
    let live = true;
    loadFormatter().then(
      (f) => live && setFormat(() => f),
      () => {}, // offline: the stored text stays, which is the number as entered
    );
    return () => {
      live = false;
    };
  }, [format]);
  if (!value?.trim()) return <>—</>;
  const phone = format ? format(value, country) : { text: value.trim(), e164: null };
  return phone.e164 ? (
    <a href={`tel:${phone.e164}`} className="text-indigo-700 hover:underline" data-testid="customer-phone">
      {phone.text}
    </a>
  ) : (
    <span data-testid="customer-phone">{phone.text}</span>
  );
}

export function CustomerProfileTab({ customer: c }: { customer: Customer }) {
  // In the order the customer's country writes addresses (the country is shown on its own below).
  const address = addressLines(c).join('\n');
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card>
        <CardHeader title="Identity" />
        <dl className="divide-y divide-slate-100 px-5">
          <Item label="Type">{humanize(c.type)}</Item>
          {c.type === 'business' ? (
            <Item label="Company name">{orDash(c.companyName)}</Item>
          ) : (
            <>
              <Item label="First name">{orDash(c.firstName)}</Item>
              <Item label="Last name">{orDash(c.lastName)}</Item>
              <Item label="Date of birth">{formatDate(c.dateOfBirth)}</Item>
            </>
          )}
          <Item label="Customer number">{c.customerNumber}</Item>
        </dl>
      </Card>
      <Card>
        <CardHeader title="Contact" />
        <dl className="divide-y divide-slate-100 px-5">
          <Item label="Email">
            <a href={`mailto:${c.email}`} className="text-indigo-700 hover:underline">
              {c.email}
            </a>
          </Item>
          <Item label="Phone">
            <Phone value={c.phone} country={c.country} />
          </Item>
          <Item label="Address">
            <span className="whitespace-pre-line" data-testid="customer-address">
              {address || '—'}
            </span>
          </Item>
          <Item label="Country">{countryName(c.country)}</Item>
        </dl>
      </Card>
      <Card>
        <CardHeader title="Status and risk" />
        <dl className="divide-y divide-slate-100 px-5">
          <Item label="Status">
            <StatusBadge status={c.status} />
          </Item>
          {c.statusReason && <Item label="Status reason">{c.statusReason}</Item>}
          <Item label="KYC status">
            <KycBadge status={c.kycStatus} />
          </Item>
          <Item label="Risk level">
            <RiskBadge level={c.riskLevel} />
          </Item>
        </dl>
      </Card>
      <Card>
        <CardHeader title="Record" />
        <dl className="divide-y divide-slate-100 px-5">
          <Item label="Created">{formatDateTime(c.createdAt)}</Item>
          <Item label="Last updated">{formatDateTime(c.updatedAt)}</Item>
          <Item label="Version">{c.version}</Item>
        </dl>
      </Card>
    </div>
  );
}
