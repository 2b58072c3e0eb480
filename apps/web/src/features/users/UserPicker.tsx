import { useQuery } from '@tanstack/react-query';
import type { ControlProps } from '../../components/Field';
import { SearchPicker } from '../../components/SearchPicker';
import { humanize } from '../../lib/format';
import { trpc } from '../../lib/trpc';

export interface PickedUser {
  id: string;
  name: string;
  email: string;
}

const useUserSearch = (search: string, enabled: boolean) =>
  useQuery(trpc.users.list.queryOptions({ search, limit: 8 }, { enabled }));

/** Finds any user (staff or client) by part of the name or email (the users.list search), in the shared combobox. */
export function UserPicker({
  control,
  value,
  onChange,
}: {
  control: ControlProps;
  value: PickedUser | null;
  onChange: (user: PickedUser | null) => void;
}) {
  return (
    <SearchPicker
      control={control}
      value={value}
      onChange={onChange}
      useResults={useUserSearch}
      toValue={(u): PickedUser => ({ id: u.id, name: u.name, email: u.email })}
      labelOf={(u) => ({ primary: u.name, secondary: `${u.email} · ${humanize(u.role)}` })}
      valueLabel={(u) => ({ primary: u.name, secondary: u.email })}
      noun="users"
      placeholder="Type part of a name or email"
      pickedTestId="picked-user"
    />
  );
}
