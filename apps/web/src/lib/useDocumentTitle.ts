import { useEffect } from 'react';

/** Each page names itself in the tab title, which screen readers announce on navigation too. */
export function useDocumentTitle(title: string | undefined) {
  useEffect(() => {
    document.title = title ? `${title} · Customer Manager` : 'Customer Manager';
  }, [title]);
}
