/**
 * Options for startAdminEmulator, parsed with zod at the edge so a typo in a
 * test's setup fails loudly instead of silently emulating something else.
 */
import { z } from "zod";
import { planSchema } from "./throttle";

export const shopDomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "a shop domain looks like name.myshopify.com");

export const shopSeedSchema = z.object({
  products: z.number().int().min(0).max(1_000_000),
  seed: z.number().int(),
});

export const shopOptionsSchema = z.object({
  domain: shopDomainSchema,
  name: z.string().min(1).optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  plan: planSchema.optional(),
  seed: shopSeedSchema.optional(),
  /**
   * The shop's total product variants, for the variant-creation limit (50,000+ and not Plus).
   * Stands in for a big catalog without generating it; by default the seeded catalog's count.
   */
  variants: z.number().int().min(0).optional(),
});
export type ShopOptions = z.input<typeof shopOptionsSchema>;

export const webhookSubscriptionSchema = z.object({
  /** REST-style topic, e.g. "products/update". */
  topic: z.string().regex(/^[a-z_]+\/[a-z_]+$/, 'topics look like "products/update"'),
  /** Absolute URL, or a path resolved against `appUrl`. */
  uri: z.string().min(1),
});
export type WebhookSubscription = z.infer<typeof webhookSubscriptionSchema>;

export const flowTriggerDefinitionSchema = z.object({
  handle: z.string().regex(/^[a-zA-Z0-9-]{1,30}$/, "a Flow extension handle: up to 30 letters, digits and hyphens"),
  fields: z.record(z.string(), z.string()),
});

export const logLevelSchema = z.enum(["silent", "error", "warn", "info", "debug"]);
export type LogLevel = z.infer<typeof logLevelSchema>;

export const adminEmulatorOptionsSchema = z.object({
  host: z.string().default("127.0.0.1"),
  port: z.number().int().min(0).max(65535).default(0),
  apiKey: z.string().min(1),
  apiSecret: z.string().min(1),
  /** Comma-separated scopes granted to tokens from token exchange. */
  scopes: z.string(),
  appUrl: z.url().optional(),
  webhooks: z.array(webhookSubscriptionSchema).default([]),
  plan: planSchema.default("standard"),
  shops: z.array(shopOptionsSchema).default([]),
  /** Minimum time a bulk operation spends before COMPLETED; lets tests observe RUNNING. */
  bulkDelayMs: z.number().int().min(0).default(25),
  /** Injectable clock (epoch ms) for timestamps, tokens and the throttle bucket. */
  now: z.custom<() => number>((value) => typeof value === "function", "now must be a function returning epoch ms").optional(),
  /** The emulator writes to stdout/stderr directly, never console.error, so test setups that fail on console.error stay quiet. */
  logLevel: logLevelSchema.default("silent"),
  /** The app's Flow triggers (flow_trigger extensions): flowTriggerReceive accepts these handles only. */
  flowTriggers: z.array(flowTriggerDefinitionSchema).default([]),
});
export type AdminEmulatorOptions = z.input<typeof adminEmulatorOptionsSchema>;
export type ResolvedEmulatorOptions = z.output<typeof adminEmulatorOptionsSchema>;
