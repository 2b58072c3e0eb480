import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { trpc } from '../../lib/trpc';
import type { PickedCustomer } from '../users/CustomerPicker';
import type { PickedUser } from '../users/UserPicker';

/**
 * The record an id in the address names, for its picker: the one just picked (already known), or
 * else read by id — after a reload or from a shared link. Until it is read, or if it no longer
 * exists, a stand-in keeps the filter visible and removable.
 */
function useAddressPick<V extends { id: string }>(
  id: string | undefined,
  read: (id: string, enabled: boolean) => { data?: V; isError: boolean },
  standIn: (id: string, missing: boolean) => V,
) {
  const [picked, setPicked] = useState<V | null>(null);
  const known = id && picked?.id === id ? picked : null;
  const fetched = read(id ?? '', Boolean(id) && !known);
  const value = !id ? null : (known ?? fetched.data ?? standIn(id, fetched.isError));
  return [value, setPicked] as const;
}

const useUserById = (id: string, enabled: boolean) => {
  const q = useQuery(trpc.users.byId.queryOptions({ id }, { enabled, staleTime: 60_000, retry: false }));
  return { data: q.data && { id: q.data.id, name: q.data.name, email: q.data.email }, isError: q.isError };
};

const useCustomerById = (id: string, enabled: boolean) => {
  const q = useQuery(trpc.customers.byId.queryOptions({ id }, { enabled, staleTime: 60_000, retry: false }));
  const c = q.data;
  return {
    data: c && { id: c.id, displayName: c.displayName, customerNumber: c.customerNumber, email: c.email },
    isError: q.isError,
  };
};

export const useAddressUser = (id: string | undefined) =>
  useAddressPick<PickedUser>(id, useUserById, (userId, missing) => ({
    id: userId,
    name: missing ? 'Unknown user' : 'Loading…',
    email: '',
  }));

export const useAddressCustomer = (id: string | undefined) =>
  useAddressPick<PickedCustomer>(id, useCustomerById, (customerId, missing) => ({
    id: customerId,
    displayName: missing ? 'Unknown customer' : 'Loading…',
    customerNumber: '',
    email: '',
  }));
