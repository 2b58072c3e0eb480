import { Link } from 'react-router';
import { buttonClass } from '../components/Button';
import { EmptyState } from '../components/States';
import { useDocumentTitle } from '../lib/useDocumentTitle';

export function NotFoundPage() {
  useDocumentTitle('Not found');
  return (
    <EmptyState
      title="Page not found"
      action={
        <Link to="/" className={buttonClass('secondary')}>
          Back to dashboard
        </Link>
      }
    >
      The address may be mistyped, or the page has moved.
    </EmptyState>
  );
}
