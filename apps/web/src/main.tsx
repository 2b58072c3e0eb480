import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { router } from './app/router';
import { ToastProvider } from './components/Toast';
import { queryClient } from './lib/trpc';
import { startThemeSync } from './theme/theme';
import './index.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

startThemeSync();

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <RouterProvider router={router} />
      </ToastProvider>
    </QueryClientProvider>
  </StrictMode>,
);
