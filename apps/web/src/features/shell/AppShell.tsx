import { Suspense, useEffect } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { frameHeaderFor } from '../../app/frameHeader';
import { Brand } from '../../components/Brand';
import { PageHeader } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/Skeleton';
import { cn } from '../../lib/cn';
import { useSessionState } from '../auth/session';
import { CommandPalette } from './CommandPalette';
import { navItemsFor } from './navigation';
import { NavPlaceholder, UserMenuPlaceholder } from './ShellPlaceholders';
import { LazyUserMenu } from './userMenuChunk';

/**
 * The staff console frame: navigation for what the role may do, the user, and the page. It paints
 * before the session check answers, with placeholders where the role decides what shows.
 */
export function AppShell() {
  const session = useSessionState();
  const user = session === 'checking' ? null : session;
  const items = user ? navItemsFor(user.role) : [];
  useEffect(() => void LazyUserMenu.preload().catch(() => {}), []);
  return (
    <div className="min-h-screen bg-slate-50">
      <a
        href="#main"
        className="sr-only z-50 rounded bg-white px-3 py-2 text-sm font-medium focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <aside className="fixed inset-y-0 left-0 hidden w-64 flex-col border-r border-slate-200 bg-white md:flex">
        <div className="flex h-16 items-center px-5">
          <Brand />
        </div>
        <nav aria-label="Main" className="flex-1 px-3 py-2">
          {!user && <NavPlaceholder items={5} className="space-y-5 px-3 py-2" />}
          <ul className="space-y-1">
            {items.map((item) => (
              <li key={item.to}>
                <NavLink
                  to={item.to}
                  end={item.end}
                  className={({ isActive }) =>
                    cn(
                      'flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium',
                      isActive
                        ? 'bg-indigo-50 text-indigo-700'
                        : 'text-slate-700 hover:bg-slate-100 hover:text-slate-900',
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
        <div className="border-t border-slate-200 p-3 text-xs text-slate-500">Customer &amp; KYC back office</div>
      </aside>
      <div className="md:pl-64">
        <header className="sticky top-0 z-30 flex h-16 items-center justify-between gap-4 border-b border-slate-200 bg-white/90 px-4 backdrop-blur sm:px-6">
          <div className="flex min-w-0 items-center gap-3 md:hidden">
            <Brand compact />
            {/* More sections than fit a phone: the row scrolls on its own instead of widening the page. */}
            <nav aria-label="Main (compact)" className="min-w-0 overflow-x-auto">
              {!user && <NavPlaceholder items={3} className="flex gap-2 py-1.5" itemClassName="h-5 w-8" />}
              <ul className="flex gap-0.5">
                {items.map((item) => (
                  <li key={item.to}>
                    <NavLink
                      to={item.to}
                      end={item.end}
                      title={item.label}
                      className={({ isActive }) =>
                        cn(
                          'flex items-center gap-1.5 rounded-md px-2 py-1.5 text-sm font-medium',
                          isActive ? 'bg-indigo-50 text-indigo-700' : 'text-slate-700',
                        )
                      }
                    >
                      {/* With many sections, phones show icons; the name stays for screen readers and tooltips. */}
                      <item.icon className="size-4 shrink-0" aria-hidden="true" />
                      <span className="sr-only sm:not-sr-only">{item.label}</span>
                    </NavLink>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
          <div className="hidden md:block" />
          <div className="flex shrink-0 items-center gap-2">
            {user ? (
              <>
                <CommandPalette pages={items} />
                <Suspense fallback={<UserMenuPlaceholder />}>
                  <LazyUserMenu user={user} />
                </Suspense>
              </>
            ) : (
              <UserMenuPlaceholder />
            )}
          </div>
        </header>
        <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-8 focus:outline-none sm:px-6 lg:px-8">
          {/* The page only once the role is known: what it shows (and whether it shows) depends on it. */}
          {user ? (
            <Suspense fallback={<PagePlaceholder />}>
              <Outlet />
            </Suspense>
          ) : (
            <PagePlaceholder />
          )}
        </main>
      </div>
    </div>
  );
}

/** While the page's code or the session is on its way: the header the frame already showed stays, then lines. */
function PagePlaceholder() {
  const header = frameHeaderFor(useLocation().pathname);
  return (
    <>
      {header && <PageHeader title={header.title} description={header.description} />}
      <LoadingBlock label="Loading page…" lines={6} />
    </>
  );
}
