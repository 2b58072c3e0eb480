import { Spinner } from './Button';

export function FullPageLoading() {
  return (
    <div role="status" className="grid min-h-screen place-items-center text-slate-500">
      <div className="flex items-center gap-2 text-sm">
        <Spinner /> Loading…
      </div>
    </div>
  );
}
