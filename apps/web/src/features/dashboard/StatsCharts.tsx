import { CUSTOMER_STATUSES, type CustomerStats, KYC_STATUSES } from '@cm/domain';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { Card, CardHeader } from '../../components/Card';
import { formatNumber, humanize } from '../../lib/format';
import { useDarkTheme } from '../../theme/theme';

const STATUS_COLORS: Record<string, string> = {
  pending: '#f59e0b',
  active: '#10b981',
  suspended: '#f97316',
  closed: '#94a3b8',
};
const KYC_COLORS: Record<string, string> = {
  not_started: '#cbd5e1',
  pending: '#0ea5e9',
  verified: '#10b981',
  rejected: '#f43f5e',
  expired: '#f97316',
};

/** Grid, axis labels and tooltip in the page's theme (SVG attributes take colours, not the palette's classes). */
const NEUTRALS = {
  light: {
    grid: '#e2e8f0',
    label: '#475569',
    muted: '#64748b',
    cursor: '#f1f5f9',
    surface: '#ffffff',
    text: '#0f172a',
  },
  dark: { grid: '#334155', label: '#cbd5e1', muted: '#94a3b8', cursor: '#1e293b', surface: '#0f172a', text: '#f8fafc' },
};

/**
 * Charts of the stats; its own chunk (recharts), loaded lazily by the dashboard. The SVGs are
 * decorative for assistive tech (no keyboard stops): the same numbers are in the text beside them.
 */
export default function StatsCharts({ stats }: { stats: CustomerStats }) {
  const byStatus = CUSTOMER_STATUSES.map((s) => ({ key: s, name: humanize(s), value: stats.byStatus[s] ?? 0 }));
  const byKyc = KYC_STATUSES.map((s) => ({ key: s, name: humanize(s), value: stats.byKycStatus[s] ?? 0 }));
  const kycTotal = byKyc.reduce((a, b) => a + b.value, 0);
  const n = NEUTRALS[useDarkTheme() ? 'dark' : 'light'];
  const tooltip = {
    contentStyle: { background: n.surface, borderColor: n.grid, color: n.text, borderRadius: 6 },
    itemStyle: { color: n.text },
    labelStyle: { color: n.text },
  };

  return (
    <div className="mt-6 grid gap-6 lg:grid-cols-2">
      <Card>
        <CardHeader title="Customers by status" description="Where customers are in their lifecycle." />
        <figure className="p-5">
          <div className="h-64" aria-hidden="true">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart accessibilityLayer={false} data={byStatus} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
                <CartesianGrid vertical={false} stroke={n.grid} />
                <XAxis dataKey="name" tickLine={false} axisLine={false} tick={{ fill: n.label, fontSize: 12 }} />
                <YAxis allowDecimals={false} tickLine={false} axisLine={false} tick={{ fill: n.muted, fontSize: 12 }} />
                <Tooltip
                  {...tooltip}
                  cursor={{ fill: n.cursor }}
                  formatter={(v) => [formatNumber(Number(v)), 'Customers']}
                />
                <Bar isAnimationActive={false} dataKey="value" radius={[6, 6, 0, 0]} maxBarSize={56}>
                  {byStatus.map((d) => (
                    <Cell key={d.key} fill={STATUS_COLORS[d.key]} />
                  ))}
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          </div>
          <DataCaption items={byStatus} label="Customers by status" />
        </figure>
      </Card>
      <Card>
        <CardHeader title="Customers by KYC status" description="How far identity checks have come." />
        <figure className="flex flex-col items-center gap-6 p-5 sm:flex-row">
          <div className="relative h-56 w-56 shrink-0" aria-hidden="true">
            <ResponsiveContainer width="100%" height="100%">
              <PieChart accessibilityLayer={false}>
                <Pie
                  isAnimationActive={false}
                  rootTabIndex={-1}
                  data={byKyc.filter((d) => d.value > 0)}
                  dataKey="value"
                  nameKey="name"
                  innerRadius="62%"
                  outerRadius="100%"
                  paddingAngle={byKyc.filter((d) => d.value > 0).length > 1 ? 1 : 0}
                  stroke="none"
                >
                  {byKyc
                    .filter((d) => d.value > 0)
                    .map((d) => (
                      <Cell key={d.key} fill={KYC_COLORS[d.key]} />
                    ))}
                </Pie>
                <Tooltip {...tooltip} formatter={(v, name) => [formatNumber(Number(v)), name]} />
              </PieChart>
            </ResponsiveContainer>
            <div className="pointer-events-none absolute inset-0 grid place-items-center text-center">
              <div>
                <p className="text-2xl font-semibold text-slate-900 tabular-nums">{formatNumber(kycTotal)}</p>
                <p className="text-xs text-slate-500">customers</p>
              </div>
            </div>
          </div>
          <ul className="w-full space-y-2 text-sm">
            {byKyc.map((d) => (
              <li key={d.key} className="flex items-center justify-between gap-3">
                <span className="flex items-center gap-2 text-slate-700">
                  <span
                    className="size-2.5 rounded-full"
                    style={{ background: KYC_COLORS[d.key] }}
                    aria-hidden="true"
                  />
                  {d.name}
                </span>
                <span className="font-medium text-slate-900 tabular-nums">{formatNumber(d.value)}</span>
              </li>
            ))}
          </ul>
        </figure>
      </Card>
    </div>
  );
}

/** The chart's numbers as text, for screen readers (the SVG itself is hidden from them). */
function DataCaption({ items, label }: { items: { key: string; name: string; value: number }[]; label: string }) {
  return (
    <figcaption className="sr-only">
      {label}: {items.map((d) => `${d.name} ${d.value}`).join(', ')}.
    </figcaption>
  );
}
