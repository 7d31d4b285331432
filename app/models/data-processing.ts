import { z } from "zod";
import table from "./data-processing.json";

/**
 * Where each backend sends product data, as data (data-processing.json) like the price table:
 * every entry carries the page it was read from and the day. Statements the provider's page
 * does not make are "not-stated", never guessed. See docs/decisions/0018-data-processing-sources.md.
 */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** ISO 3166 region codes (and "EU"), worded on the page by Intl.DisplayNames in the merchant's language. */
const regionCode = z.string().regex(/^[A-Z]{2}$/);
/** A provider's page, or for data that never leaves the merchant's or this server, the ADR that says why. */
const sourceSchema = z.union([z.url({ protocol: /^https$/ }), z.string().regex(/^docs\/decisions\/\d{4}-[a-z0-9-]+\.md$/)]);

export const PROCESSOR_KINDS = ["provider", "router", "self-hosted", "on-server"] as const;
export const TRAINING_TERMS = ["no", "no-on-paid-tier", "not-stated", "depends-on-route", "not-applicable"] as const;

const processingSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("regions"), regions: z.array(regionCode).min(1) }).strict(),
  /** "any country where the provider or its agents have facilities" */
  z.object({ kind: z.literal("provider-facilities") }).strict(),
  z.object({ kind: z.literal("depends-on-route") }).strict(),
  z.object({ kind: z.literal("your-server") }).strict(),
  z.object({ kind: z.literal("this-server") }).strict(),
  z.object({ kind: z.literal("not-stated") }).strict(),
]);

const retentionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("days"), days: z.number().int().positive(), purpose: z.literal("abuse-monitoring") }).strict(),
  z.object({ kind: z.literal("limited-period"), purpose: z.literal("abuse-monitoring") }).strict(),
  z.object({ kind: z.literal("none-by-default") }).strict(),
  z.object({ kind: z.literal("depends-on-route") }).strict(),
  /** self-hosted: whatever the merchant's own server keeps */
  z.object({ kind: z.literal("yours") }).strict(),
  /** nothing is sent anywhere */
  z.object({ kind: z.literal("none") }).strict(),
  z.object({ kind: z.literal("not-stated") }).strict(),
]);

const entrySchema = z
  .object({
    kind: z.enum(PROCESSOR_KINDS),
    /** the company that processes the data; null when it stays on the merchant's or this server */
    processor: z.string().min(1).nullable(),
    /** the company's home country (its jurisdiction), when stated */
    headquarters: regionCode.nullable(),
    processing: processingSchema,
    training: z.enum(TRAINING_TERMS),
    retention: retentionSchema,
    source: sourceSchema,
    checked: isoDate,
    /** what the source says, quoted where possible, for whoever re-checks the entry */
    note: z.string().min(1),
  })
  .strict()
  .refine((entry) => (entry.kind === "provider" || entry.kind === "router") === (entry.processor !== null), { message: "a hosted entry names its processor; a local one names none" })
  .refine((entry) => entry.kind === "self-hosted" || entry.kind === "on-server" || entry.source.startsWith("https://"), { message: "a hosted entry is sourced from the provider's own page" })
  .refine((entry) => (entry.kind === "self-hosted") === (entry.processing.kind === "your-server"), { message: "only a self-hosted entry processes on the merchant's server" })
  .refine((entry) => (entry.kind === "on-server") === (entry.processing.kind === "this-server"), { message: "only an on-server entry processes on this server" });

export const dataProcessingTableSchema = z
  .object({ asOf: isoDate, note: z.string(), backends: z.record(z.string().regex(/^[a-z0-9-]+$/), entrySchema) })
  .strict()
  .refine((parsed) => Object.values(parsed.backends).every((entry) => entry.checked <= parsed.asOf), { message: "an entry cannot be checked after the table date" });

export type DataProcessingEntry = z.infer<typeof entrySchema>;
export type DataProcessingTable = z.infer<typeof dataProcessingTableSchema>;

const dataProcessingTable = dataProcessingTableSchema.parse(table);

export const DATA_PROCESSING_DATE = dataProcessingTable.asOf;

/** The entry for a shipped backend id; undefined for an id the table does not know. */
export function dataProcessingFor(backendId: string): DataProcessingEntry | undefined {
  return dataProcessingTable.backends[backendId];
}

export function dataProcessingBackendIds(): string[] {
  return Object.keys(dataProcessingTable.backends);
}
