import type { StaticPageHeader } from '../components/pageHeaderMarkup';
import { STATIC_PAGE_HEADERS } from './pageHeaders';

const trimmed = (pathname: string) => pathname.replace(/(.)\/+$/, '$1');

let drawnAt: string | null = null;

/**
 * Notes, before React replaces index.html's frame, whether the server drew this page's header into it (it does
 * only for a user who may open the page: routes/web-console.ts), so the shell keeps that header on screen while
 * the session and the page's code arrive instead of blanking it for a moment.
 */
export function noteFrameHeader(): void {
  if (document.querySelector('#root .boot-frame h1')) drawnAt = trimmed(window.location.pathname);
}

/** The header the frame showed at this address, if it showed one. */
export function frameHeaderFor(pathname: string): StaticPageHeader | undefined {
  if (drawnAt === null || trimmed(pathname) !== drawnAt) return undefined;
  return (STATIC_PAGE_HEADERS as Record<string, StaticPageHeader>)[drawnAt];
}
