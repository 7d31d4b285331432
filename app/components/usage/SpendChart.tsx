import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatUsd } from "~/components/shared/format";
import type { UsageSummary } from "~/usage/types";

/** Series colours, one per backend in spend order (Polaris data-visualisation hues, readable on white). */
const COLOURS = ["#2c6ecb", "#47c1bf", "#9c6ade", "#e3a212", "#de3618", "#50b83c", "#5c6ac4", "#8a6116"] as const;

/** Every day of the month, with each backend's spend that day in micro-USD (0 on days without calls). */
export function spendRows(summary: Pick<UsageSummary, "month" | "daysInMonth" | "byDay" | "byBackend">) {
  const perDay = new Map(summary.byDay.map((entry) => [entry.day, entry.backends]));
  return Array.from({ length: summary.daysInMonth }, (_, index) => {
    const day = `${summary.month}-${String(index + 1).padStart(2, "0")}`;
    const spend = perDay.get(day) ?? {};
    return { day, ...Object.fromEntries(summary.byBackend.map((backend) => [backend.backendId, spend[backend.backendId] ?? 0])) };
  });
}

/** Spend by day, stacked by backend; rendered on the server at a fixed size, then fitted to its card. */
export function SpendChart({ summary, locale, label, labelOf }: { summary: UsageSummary; locale: string; label: string; labelOf: (backendId: string) => string }) {
  const dayLabel = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" });
  const usd = (value: unknown) => formatUsd(Number(value ?? 0), locale);
  return (
    <div data-testid="usage-spend-chart" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height={320} initialDimension={{ width: 800, height: 320 }}>
        <BarChart data={spendRows(summary)} margin={{ top: 8, right: 8, bottom: 8, left: 16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tickFormatter={(day: string) => dayLabel.format(new Date(`${day}T00:00:00Z`))} minTickGap={12} interval="preserveStartEnd" />
          <YAxis tickFormatter={usd} width={80} />
          <Tooltip formatter={usd} labelFormatter={(day) => dayLabel.format(new Date(`${String(day)}T00:00:00Z`))} />
          <Legend />
          {summary.byBackend.map((backend, index) => (
            <Bar key={backend.backendId} dataKey={backend.backendId} name={labelOf(backend.backendId)} stackId="spend" fill={COLOURS[index % COLOURS.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
