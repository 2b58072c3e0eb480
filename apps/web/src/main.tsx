import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { createAppRouter, startPageLoads } from './app/router';
import { ToastProvider } from './components/Toast';
import { meQueryOptions } from './features/auth/session';
import { queryClient } from './lib/trpc';
import { startThemeSync } from './theme/theme';
import './index.css';

/** Resolves in a later task: the browser may paint and handle input in between. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

// Start-up in three tasks rather than one: on a phone each is a few tens of milliseconds, where one would block
// input for over a hundred. First the session check (already requested by index.html's preload), then the
// router with the code and first queries of the page asked for, then React — none of them waiting on the network:
// the shell paints without the answers.
void queryClient.prefetchQuery(meQueryOptions());
startThemeSync();
await nextTask();
const router = createAppRouter();
startPageLoads(router);
await nextTask();

// A transition: React renders the first screen in slices, between which the browser can paint and take input,
// instead of one long task.
startTransition(() =>
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <ToastProvider>
          <RouterProvider router={router} />
        </ToastProvider>
      </QueryClientProvider>
    </StrictMode>,
  ),
);
