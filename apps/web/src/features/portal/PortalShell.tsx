import { FileText, MessagesSquare } from 'lucide-react';
import { Suspense, useEffect } from 'react';
import { NavLink, Outlet } from 'react-router';
import { Brand } from '../../components/Brand';
import { LoadingBlock } from '../../components/Skeleton';
import { cn } from '../../lib/cn';
import { useSessionState } from '../auth/session';
import { NavPlaceholder, UserMenuPlaceholder } from '../shell/ShellPlaceholders';
import { LazyUserMenu } from '../shell/userMenuChunk';

const PORTAL_NAV = [
  { to: '/portal', label: 'My documents', icon: FileText, end: true },
  { to: '/portal/requests', label: 'My requests', icon: MessagesSquare, end: false },
] as const;

/**
 * The client portal frame: the client's own documents and requests, no staff navigation at all. It
 * paints before the session check answers, with placeholders until the user is known.
 */
export function PortalShell() {
  const session = useSessionState();
  const user = session === 'checking' ? null : session;
  useEffect(() => void LazyUserMenu.preload().catch(() => {}), []);
  return (
    <div className="min-h-screen bg-slate-50">
      <a
        href="#main"
        className="sr-only z-50 rounded bg-white px-3 py-2 text-sm font-medium focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-16 max-w-4xl items-center justify-between gap-3 px-4 sm:px-6">
          <Brand />
          {user ? (
            <Suspense fallback={<UserMenuPlaceholder />}>
              <LazyUserMenu user={user} />
            </Suspense>
          ) : (
            <UserMenuPlaceholder />
          )}
        </div>
        <nav aria-label="Portal" className="mx-auto max-w-4xl px-2 sm:px-4">
          {!user && <NavPlaceholder items={2} className="flex gap-4 px-3 py-3" />}
          <ul className="-mb-px flex gap-1">
            {(user ? PORTAL_NAV : []).map((item) => (
              <li key={item.to}>
                <NavLink
                  to={item.to}
                  end={item.end}
                  className={({ isActive }) =>
                    cn(
                      'flex items-center gap-2 border-b-2 px-3 py-2.5 text-sm font-medium whitespace-nowrap',
                      isActive
                        ? 'border-indigo-600 text-indigo-700'
                        : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900',
                    )
                  }
                >
                  <item.icon className="size-4" aria-hidden="true" />
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-4xl px-4 py-8 focus:outline-none sm:px-6 sm:py-10">
        {user ? (
          <Suspense fallback={<LoadingBlock lines={5} />}>
            <Outlet />
          </Suspense>
        ) : (
          <LoadingBlock lines={5} />
        )}
      </main>
    </div>
  );
}
