import { useQuery } from '@tanstack/react-query';
import type { ControlProps } from '../../components/Field';
import { SearchPicker } from '../../components/SearchPicker';
import { trpc } from '../../lib/trpc';

export interface PickedCustomer {
  id: string;
  displayName: string;
  customerNumber: string;
  email: string;
}

const useCustomerSearch = (search: string, enabled: boolean) =>
  useQuery(trpc.customers.list.queryOptions({ search, limit: 8, sort: 'name' }, { enabled }));

/** Finds a customer by name, email or number (the customers.list search), in the shared search combobox. */
export function CustomerPicker({
  control,
  value,
  onChange,
}: {
  control: ControlProps;
  value: PickedCustomer | null;
  onChange: (customer: PickedCustomer | null) => void;
}) {
  return (
    <SearchPicker
      control={control}
      value={value}
      onChange={onChange}
      useResults={useCustomerSearch}
      toValue={(c): PickedCustomer => ({
        id: c.id,
        displayName: c.displayName,
        customerNumber: c.customerNumber,
        email: c.email,
      })}
      labelOf={(c) => ({ primary: c.displayName, secondary: `${c.customerNumber} · ${c.email}` })}
      valueLabel={(c) => ({ primary: c.displayName, secondary: `${c.customerNumber} · ${c.email}` })}
      noun="customers"
      placeholder="Type a name, email or customer number"
      pickedTestId="picked-customer"
    />
  );
}
