import { Search } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { controlClass } from '../../components/Field';
import { cn } from '../../lib/cn';
import { useDebouncedValue } from '../../lib/useDebouncedValue';

const SEARCH_DEBOUNCE_MS = 300;

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  // A ticked filter checkbox keeps focus; `/` from there still means "search", as it takes no text.
  if (target instanceof HTMLInputElement)
    return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
  return target.isContentEditable || ['TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Debounced free-text search; `/` anywhere on the page focuses it. */
export function CustomerSearchBox({ value, onSearch }: { value: string; onSearch: (search: string) => void }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(value);
  const debounced = useDebouncedValue(text, SEARCH_DEBOUNCE_MS);
  const onSearchRef = useRef(onSearch);
  onSearchRef.current = onSearch;

  // Typed text reaches the URL once typing pauses. Only a settled input searches: `value`
  // catching up with the URL must not trigger another write.
  // biome-ignore lint/correctness/useExhaustiveDependencies: deliberately keyed on the debounced text only
  useEffect(() => {
    const search = debounced.trim();
    if (search !== value) onSearchRef.current(search);
  }, [debounced]);

  // The URL changed from elsewhere (back button, "Clear filters"): show it.
  useEffect(() => {
    setText((current) => (current.trim() === value ? current : value));
  }, [value]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      if (document.querySelector('[role="dialog"], [role="alertdialog"]')) return;
      e.preventDefault();
      inputRef.current?.focus();
      inputRef.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="relative w-full sm:max-w-sm">
      <label htmlFor="customer-search" className="sr-only">
        Search customers
      </label>
      <Search className="pointer-events-none absolute top-2.5 left-3 size-4 text-slate-400" aria-hidden="true" />
      <input
        ref={inputRef}
        id="customer-search"
        type="search"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onSearchRef.current(text.trim());
        }}
        placeholder="Search name, email, phone or number"
        aria-keyshortcuts="/"
        aria-describedby="customer-search-hint"
        maxLength={100}
        className={cn(controlClass, 'h-9 pr-10 pl-9')}
      />
      <kbd
        id="customer-search-hint"
        className="pointer-events-none absolute top-2 right-2.5 rounded border border-slate-200 bg-slate-50 px-1.5 text-xs text-slate-500"
      >
        <span className="sr-only">Press </span>/<span className="sr-only"> to focus search</span>
      </kbd>
    </div>
  );
}
