/** Number, money and duration formats shared by the pages, in the merchant's language. */

/** Integer micro-USD as dollars: cents for ordinary sums, up to six decimals for fractions of a cent. */
export const formatUsd = (micros: number, locale: string) =>
  new Intl.NumberFormat(locale, { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: Math.abs(micros) < 10_000 ? 6 : 2 }).format(
    micros / 1_000_000,
  );

export const formatCount = (value: number, locale: string) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);

/** Seconds as "45 s", "12 min", "3 h 20 min" (the language's own unit words). */
export function formatDuration(seconds: number, locale: string): string {
  const unit = (value: number, name: "second" | "minute" | "hour") => new Intl.NumberFormat(locale, { style: "unit", unit: name, unitDisplay: "short" }).format(value);
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return unit(whole, "second");
  if (whole < 3600) return unit(Math.round(whole / 60), "minute");
  const hours = Math.floor(whole / 3600);
  const minutes = Math.round((whole % 3600) / 60);
  return minutes === 0 ? unit(hours, "hour") : `${unit(hours, "hour")} ${unit(minutes, "minute")}`;
}
