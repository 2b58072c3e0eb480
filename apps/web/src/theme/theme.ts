import { useSyncExternalStore } from 'react';

/** What the user picked in the user menu; "system" follows the operating system's light/dark setting. */
export type ThemeChoice = 'system' | 'light' | 'dark';
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

/** Same key and rules as boot.js, which applies the theme before the first paint. */
const STORAGE_KEY = 'cm-theme';
const systemDark = () => window.matchMedia('(prefers-color-scheme: dark)');

function isChoice(value: unknown): value is ThemeChoice {
  return THEME_CHOICES.includes(value as ThemeChoice);
}

/** The choice of this page when storage is blocked (privacy settings): it then holds until reload. */
let unsaved: ThemeChoice | null = null;

export function themeChoice(): ThemeChoice {
  if (unsaved) return unsaved;
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return isChoice(stored) ? stored : 'system';
  } catch {
    return 'system';
  }
}

/** Whether the page is in dark colours now (the class boot.js set, kept current by `startThemeSync`). */
export function isDarkTheme(): boolean {
  return document.documentElement.classList.contains('dark');
}

const listeners = new Set<() => void>();
function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

function apply() {
  const choice = themeChoice();
  const dark = choice === 'dark' || (choice === 'system' && systemDark().matches);
  document.documentElement.classList.toggle('dark', dark);
  for (const listener of listeners) listener();
}

/** Saves the choice and repaints at once; other tabs follow through the storage event. */
export function setThemeChoice(choice: ThemeChoice) {
  try {
    if (choice === 'system') localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, choice);
    unsaved = null;
  } catch {
    unsaved = choice;
  }
  apply();
}

/** Once at start-up: follow the system setting while on "system", and choices made in other tabs. */
export function startThemeSync() {
  systemDark().addEventListener('change', apply);
  window.addEventListener('storage', (e) => {
    if (e.key === STORAGE_KEY || e.key === null) apply();
  });
  apply();
}

export function useThemeChoice(): ThemeChoice {
  return useSyncExternalStore(subscribe, themeChoice);
}

export function useDarkTheme(): boolean {
  return useSyncExternalStore(subscribe, isDarkTheme);
}
