import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { Brand } from '../../components/Brand';
import { LoadingBlock } from '../../components/Skeleton';
import { useSessionUser } from '../auth/session';
import { UserMenu } from '../shell/UserMenu';

/** The client portal frame: no staff navigation at all. */
export function PortalShell() {
  const user = useSessionUser();
  return (
    <div className="min-h-screen bg-slate-50">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-16 max-w-4xl items-center justify-between px-4 sm:px-6">
          <Brand />
          <UserMenu user={user} />
        </div>
      </header>
      <main id="main" className="mx-auto max-w-4xl px-4 py-10 sm:px-6">
        <Suspense fallback={<LoadingBlock lines={5} />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
