/** Shopify's DateTime format: ISO 8601 in UTC without milliseconds, e.g. "2019-09-07T15:50:00Z". */
export function isoDateTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, "Z");
}
