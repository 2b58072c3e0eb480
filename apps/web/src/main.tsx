import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { noteFrameHeader } from './app/frameHeader';
import { router, startPageLoads } from './app/router';
import { ToastProvider } from './components/Toast';
import { meQueryOptions } from './features/auth/session';
import { queryClient } from './lib/trpc';
import { startThemeSync } from './theme/theme';
import './index.css';

// Before the first render: the session check (already requested by index.html's preload), the code
// of the page asked for and its first queries travel while React starts; the shell paints without
// waiting for any of them.
void queryClient.prefetchQuery(meQueryOptions());
startPageLoads();

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

startThemeSync();
noteFrameHeader();

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
