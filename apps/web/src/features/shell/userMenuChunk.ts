import { preloadable } from '../../lib/preloadable';

/**
 * The user menu (Radix menu, dialogs, the password form) is its own chunk: the first screen does not
 * need that code before the session is known. The shells ask for it as soon as they paint.
 */
export const LazyUserMenu = preloadable(() => import('./UserMenu').then((m) => m.UserMenu));
