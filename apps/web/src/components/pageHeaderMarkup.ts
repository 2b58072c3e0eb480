/**
 * The page header's markup, in one place for PageHeader.tsx and for the build, which writes the same header into
 * index.html's frame for pages whose header never changes (build/page-frames.ts): the words are on screen
 * before any script has run, and React draws them again in the same place.
 */
export const PAGE_HEADER_CLASS = {
  root: 'mb-6 flex flex-wrap items-end justify-between gap-4',
  text: 'min-w-0',
  eyebrow: 'mb-1 text-sm text-slate-500',
  title: 'text-2xl font-semibold tracking-tight text-slate-900',
  description: 'mt-1 text-sm text-slate-600',
  actions: 'flex flex-wrap items-center gap-2',
} as const;

export interface StaticPageHeader {
  title: string;
  description: string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** A header without actions, as static HTML (what PageHeader renders for the same title and description). */
export function pageHeaderHtml({ title, description }: StaticPageHeader): string {
  const c = PAGE_HEADER_CLASS;
  return `<div class="${c.root}"><div class="${c.text}"><h1 class="${c.title}">${escapeHtml(title)}</h1><div class="${c.description}">${escapeHtml(description)}</div></div></div>`;
}
