import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import { type KeyboardEvent, type MouseEvent, type ReactNode, useDeferredValue } from 'react';
import { cn } from '../lib/cn';
import { useMediaQuery } from '../lib/useMediaQuery';
import { Button } from './Button';
import { Skeleton } from './Skeleton';
import { ErrorState } from './States';

/** One column: its header (also the field's label on a card) and how a row's cell reads. */
export interface Column<T, S extends string = string> {
  header: string;
  cell: (row: T) => ReactNode;
  /** The order the header button switches to; several give one button each (e.g. name and number). */
  sort?: S | readonly { key: S; label: string }[];
  /** The card's title (the first column when none is marked). */
  primary?: boolean;
  /** Left off the card (what the title or another field already says). */
  hideOnCard?: boolean;
  /** On a card the field takes the whole width (long text), not half of it. */
  cardFullWidth?: boolean;
  /** Text classes for the cell in both layouts (colour, wrapping, width). */
  className?: string;
}

/** The list's order as the page keeps it (often in the URL); choosing a header asks the page to change it. */
export interface Sorting<S extends string> {
  sort: S;
  order: 'asc' | 'desc';
  onSort: (sort: S) => void;
}

/** Below this viewport width rows become cards (Tailwind's breakpoints). */
const BREAKPOINTS = { sm: '40rem', md: '48rem', lg: '64rem', xl: '80rem' } as const;

export interface DataTableProps<T, S extends string> {
  /** Names the table (`<caption>`) and the card list (`aria-label`). */
  caption: string;
  columns: readonly Column<T, S>[];
  rows: readonly T[] | undefined;
  rowKey: (row: T) => string;
  rowTestId?: string;
  rowClassName?: (row: T) => string | false | undefined;
  /** Buttons or a menu for the row: the last cell of a table row, the top right of a card. */
  rowActions?: (row: T) => ReactNode;
  /**
   * Clicking anywhere on the row (outside its links and buttons) opens it. The keyboard path is the
   * row's link marked `data-row-link`; the arrow keys move between those links.
   */
  onRowClick?: (row: T) => void;
  sorting?: Sorting<S>;
  /** Where the rows come from: placeholders while pending, an error with a retry, dimmed while stale. */
  query?: ListQuery;
  loadingLabel?: string;
  skeletonRows?: number;
  errorTitle?: string;
  /** Shown when there are no rows (an `EmptyState`). */
  empty?: ReactNode;
  cardsBelow?: keyof typeof BREAKPOINTS;
}

/** What the table reads from a TanStack query. */
export interface ListQuery {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
  /** The rows shown are the previous ones while the next page, order or search is on its way. */
  isPlaceholderData?: boolean;
}

const INTERACTIVE = 'a, button, input, select, textarea, label, summary, [role="menuitem"]';

/**
 * The console's list of records: a real table with column headers on wide screens, a list of
 * cards (each field labelled) on narrow ones, so no page scrolls sideways on a phone.
 */
export function DataTable<T, S extends string = string>(props: DataTableProps<T, S>) {
  const wide = useMediaQuery(`(min-width: ${BREAKPOINTS[props.cardsBelow ?? 'sm']})`);
  const { query, empty } = props;
  // New rows render as a transition: a page of cards or rows is built in slices the browser can paint and take
  // input between (the query's own update is synchronous), the previous rows or the placeholders showing meanwhile.
  const rows = useDeferredValue(props.rows);
  if (query?.isError) {
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} title={props.errorTitle} />;
  }
  if (query?.isPending || !rows) return <DataTableSkeleton {...props} wide={wide} />;
  if (rows.length === 0) return <>{empty}</>;
  const dimmed = query?.isPlaceholderData;
  return (
    <div className={cn('transition-opacity', dimmed && 'opacity-60')} aria-busy={dimmed || undefined}>
      {wide ? <Table {...props} rows={rows} /> : <Cards {...props} rows={rows} />}
    </div>
  );
}

/** Arrow keys on a row link move to the next or previous row's link. */
function moveBetweenRowLinks(e: KeyboardEvent<HTMLElement>) {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  if (!(e.target instanceof HTMLElement) || !e.target.hasAttribute('data-row-link')) return;
  const row = e.key === 'ArrowDown' ? e.currentTarget.nextElementSibling : e.currentTarget.previousElementSibling;
  const link = row?.querySelector<HTMLElement>('[data-row-link]');
  if (link) {
    e.preventDefault();
    link.focus();
  }
}

function rowHandlers<T>(row: T, onRowClick: ((row: T) => void) | undefined) {
  return {
    onKeyDown: moveBetweenRowLinks,
    onClick: onRowClick
      ? (e: MouseEvent<HTMLElement>) => {
          // The row's own controls (and menus rendered from them) act for themselves.
          if (e.target instanceof Element && e.target.closest(INTERACTIVE)) return;
          onRowClick(row);
        }
      : undefined,
  };
}

const CLICKABLE_ROW = 'cursor-pointer hover:bg-slate-50 focus-within:bg-indigo-50/60';

function cellPadding(index: number, count: number) {
  if (index === 0) return 'pr-3 pl-5';
  return index === count - 1 ? 'pr-5 pl-3' : 'px-3';
}

function sortOptions<T, S extends string>(column: Column<T, S>) {
  if (!column.sort) return [];
  return typeof column.sort === 'string' ? [{ key: column.sort, label: column.header }] : column.sort;
}

function ariaSort<T, S extends string>(column: Column<T, S>, sorting: Sorting<S> | undefined) {
  if (!sorting || !sortOptions(column).some((o) => o.key === sorting.sort)) return undefined;
  return sorting.order === 'asc' ? 'ascending' : 'descending';
}

function SortButton<S extends string>({ label, sort, sorting }: { label: string; sort: S; sorting: Sorting<S> }) {
  const active = sorting.sort === sort;
  const Icon = !active ? ArrowUpDown : sorting.order === 'asc' ? ArrowUp : ArrowDown;
  return (
    <button
      type="button"
      onClick={() => sorting.onSort(sort)}
      className={cn(
        'inline-flex items-center gap-1 rounded font-medium tracking-wide uppercase hover:text-slate-900',
        active && 'text-slate-900',
      )}
      data-testid={`sort-${sort}`}
    >
      {label}
      <Icon className={cn('size-3.5', !active && 'opacity-50')} aria-hidden="true" />
    </button>
  );
}

function TableHead<T, S extends string>({
  columns,
  sorting,
  rowActions,
}: Pick<DataTableProps<T, S>, 'columns' | 'sorting' | 'rowActions'>) {
  const count = columns.length + (rowActions ? 1 : 0);
  return (
    <thead className="bg-slate-50/80 text-left text-xs font-medium tracking-wide text-slate-500 uppercase">
      <tr>
        {columns.map((c, i) => {
          const options = sortOptions(c);
          return (
            <th
              key={c.header}
              scope="col"
              aria-sort={ariaSort(c, sorting)}
              className={cn('py-2.5 font-medium', cellPadding(i, count))}
            >
              {sorting && options.length > 0 ? (
                <span className="flex items-center gap-3">
                  {options.map((o) => (
                    <SortButton key={o.key} label={o.label} sort={o.key} sorting={sorting} />
                  ))}
                </span>
              ) : (
                c.header
              )}
            </th>
          );
        })}
        {rowActions && (
          <th scope="col" className={cn('py-2.5 font-medium', cellPadding(count - 1, count))}>
            <span className="sr-only">Actions</span>
          </th>
        )}
      </tr>
    </thead>
  );
}

function Table<T, S extends string>(props: DataTableProps<T, S> & { rows: readonly T[] }) {
  const { caption, columns, rows, rowKey, rowTestId, rowClassName, rowActions, onRowClick } = props;
  const count = columns.length + (rowActions ? 1 : 0);
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <TableHead columns={columns} sorting={props.sorting} rowActions={rowActions} />
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr
              key={rowKey(row)}
              data-testid={rowTestId}
              className={cn(onRowClick && CLICKABLE_ROW, rowClassName?.(row))}
              {...rowHandlers(row, onRowClick)}
            >
              {columns.map((c, i) => (
                <td key={c.header} className={cn('py-3', cellPadding(i, count), c.className)}>
                  {c.cell(row)}
                </td>
              ))}
              {rowActions && (
                <td className={cn('py-3 text-right', cellPadding(count - 1, count))}>{rowActions(row)}</td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function cardParts<T, S extends string>(columns: readonly Column<T, S>[]) {
  const title = columns.find((c) => c.primary) ?? columns[0];
  return { title, fields: columns.filter((c) => c !== title && !c.hideOnCard) };
}

function Cards<T, S extends string>(props: DataTableProps<T, S> & { rows: readonly T[] }) {
  const { caption, columns, rows, rowKey, rowTestId, rowClassName, rowActions, onRowClick } = props;
  const { title, fields } = cardParts(columns);
  return (
    <ul aria-label={caption} className="divide-y divide-slate-100">
      {rows.map((row) => (
        <li
          key={rowKey(row)}
          data-testid={rowTestId}
          // A phone shows four or five of a page's 25 cards: the browser lays out and paints the others only as
          // they scroll near (their last size remembered), which takes most of the layout off the first paint.
          className={cn(
            'px-4 py-3 text-sm [contain-intrinsic-size:auto_8rem] [content-visibility:auto]',
            onRowClick && CLICKABLE_ROW,
            rowClassName?.(row),
          )}
          {...rowHandlers(row, onRowClick)}
        >
          <div className="flex items-start justify-between gap-3">
            <div className={cn('min-w-0 flex-1 break-words', title?.className)}>{title?.cell(row)}</div>
            {rowActions && <div className="-my-1 shrink-0">{rowActions(row)}</div>}
          </div>
          {fields.length > 0 && (
            <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-2">
              {fields.map((c) => (
                <div key={c.header} className={cn('min-w-0', c.cardFullWidth && 'col-span-2')}>
                  <dt className="text-xs text-slate-500">{c.header}</dt>
                  <dd className={cn('break-words', c.className)}>{c.cell(row)}</dd>
                </div>
              ))}
            </dl>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Placeholder rows in the layout the rows will have; announced once as loading. */
function DataTableSkeleton<T, S extends string>(props: DataTableProps<T, S> & { wide: boolean }) {
  const { columns, rowActions, wide, loadingLabel = 'Loading…', skeletonRows = 6 } = props;
  const placeholders = Array.from({ length: skeletonRows }, (_, i) => i);
  const count = columns.length + (rowActions ? 1 : 0);
  return (
    <div role="status">
      <span className="sr-only">{loadingLabel}</span>
      {wide ? (
        <div className="overflow-x-auto" aria-hidden="true">
          <table className="min-w-full text-sm">
            <TableHead columns={columns} rowActions={rowActions} />
            <tbody className="divide-y divide-slate-100">
              {placeholders.map((i) => (
                <tr key={i}>
                  {columns.map((c, j) => (
                    <td key={c.header} className={cn('py-3.5', cellPadding(j, count))}>
                      <Skeleton className={j === 0 ? 'h-4 w-36' : 'h-4 w-16'} />
                    </td>
                  ))}
                  {rowActions && <td className={cellPadding(count - 1, count)} />}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <ul className="divide-y divide-slate-100" aria-hidden="true">
          {placeholders.map((i) => (
            <li key={i} className="space-y-2 px-4 py-3.5">
              <Skeleton className="h-4 w-40" />
              <Skeleton className="h-3 w-56" />
              <Skeleton className="h-3 w-32" />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The footer of a list read a page at a time: more rows on request. */
export function LoadMore({
  query,
}: {
  query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
}) {
  if (!query.hasNextPage) return null;
  return (
    <div className="flex justify-center border-t border-slate-200 p-3">
      <Button size="sm" onClick={() => void query.fetchNextPage()} busy={query.isFetchingNextPage}>
        Load more
      </Button>
    </div>
  );
}
