export function Brand({ compact }: { compact?: boolean }) {
  return (
    <div className="flex items-center gap-2.5">
      <svg viewBox="0 0 32 32" className="size-8 shrink-0" aria-hidden="true">
        <rect width="32" height="32" rx="8" fill="#4f46e5" />
        <path d="M10 21.5c0-3 2.7-5 6-5s6 2 6 5" stroke="#fff" strokeWidth="2.4" fill="none" strokeLinecap="round" />
        <circle cx="16" cy="11.5" r="3.5" fill="#fff" />
      </svg>
      {!compact && (
        <span className="text-[15px] font-semibold tracking-tight whitespace-nowrap text-slate-900">
          Customer Manager
        </span>
      )}
    </div>
  );
}
