import { SearchX } from 'lucide-react';
import { Link } from 'react-router';
import { buttonClass } from '../../components/Button';
import { EmptyState } from '../../components/States';

export function CustomerNotFound() {
  return (
    <EmptyState
      icon={<SearchX className="size-6" />}
      title="Customer not found"
      action={
        <Link to="/customers" className={buttonClass('secondary')}>
          Back to customers
        </Link>
      }
    >
      It may have been deleted, or the link is wrong.
    </EmptyState>
  );
}
