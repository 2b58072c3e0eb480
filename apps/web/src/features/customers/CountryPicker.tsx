import { X } from 'lucide-react';
import { useId, useState } from 'react';
import { countryName, countryOptions } from '../../lib/countries';

/**
 * Chooses several countries: a text box with the browser's own suggestion list (a native combobox —
 * type to narrow, arrow keys and Enter to pick), the chosen ones as removable chips.
 * `onChange` is given an edit of the chosen codes, applied to the latest ones (not those rendered),
 * so two quick picks both count.
 */
export function CountryPicker({
  value,
  onChange,
}: {
  value: string[];
  onChange: (edit: (codes: string[]) => string[]) => void;
}) {
  const id = useId();
  const [text, setText] = useState('');
  // The 250 suggestions are built when the box is first used, not on the list's first paint.
  const [suggesting, setSuggesting] = useState(false);
  const pick = (raw: string) => {
    const wanted = raw.trim().toLowerCase();
    const match = countryOptions().find((o) => o.label.toLowerCase() === wanted || o.value.toLowerCase() === wanted);
    if (!match) return false;
    onChange((codes) => (codes.includes(match.value) ? codes : [...codes, match.value]));
    setText('');
    return true;
  };
  return (
    <div className="min-w-0">
      <label htmlFor={`${id}-input`} className="mb-1 block text-xs font-medium text-slate-600">
        Country
      </label>
      <input
        id={`${id}-input`}
        list={`${id}-list`}
        value={text}
        placeholder="Type a country…"
        autoComplete="off"
        onFocus={() => setSuggesting(true)}
        className="h-9 w-full rounded-md bg-white px-3 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 focus:outline-none sm:w-52"
        onChange={(e) => {
          // Picking a suggestion fills the whole name at once: take it straight away.
          if (!pick(e.target.value)) setText(e.target.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && pick(text)) e.preventDefault();
        }}
      />
      <datalist id={`${id}-list`}>
        {suggesting &&
          countryOptions()
            .filter((o) => !value.includes(o.value))
            .map((o) => <option key={o.value} value={o.label} />)}
      </datalist>
      {value.length > 0 && (
        <ul aria-label="Chosen countries" className="mt-2 flex flex-wrap gap-1.5">
          {value.map((code) => (
            <li key={code}>
              <button
                type="button"
                onClick={() => onChange((codes) => codes.filter((c) => c !== code))}
                className="inline-flex items-center gap-1 rounded-full bg-indigo-50 px-2.5 py-1 text-xs font-medium text-indigo-800 ring-1 ring-indigo-200 ring-inset hover:bg-indigo-100"
                aria-label={`Remove ${countryName(code)}`}
              >
                {countryName(code)} <X className="size-3" aria-hidden="true" />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
