/**
 * Options for startProviderEmulator, parsed with zod at the edge so a typo in a
 * test's setup fails loudly instead of silently emulating something else.
 */
import { z } from "zod";

export const providerIds = ["openai", "anthropic", "gemini", "mistral", "ollama", "compatible"] as const;
export const providerIdSchema = z.enum(providerIds);
export type ProviderId = z.infer<typeof providerIdSchema>;

/**
 * One valid key per provider. Ollama has no authentication of its own, so its key
 * is only enforced when a test passes `keys.ollama` explicitly (a proxy in front of it).
 */
export const DEFAULT_PROVIDER_KEYS: Readonly<Record<ProviderId, readonly string[]>> = {
  openai: ["sk-emulated-openai"],
  anthropic: ["sk-ant-emulated"],
  gemini: ["gemini-emulated-key"],
  mistral: ["mistral-emulated-key"],
  ollama: ["ollama"],
  compatible: ["compatible-emulated-key"],
};

/**
 * Model ids the installed AI SDK providers know (their `*ModelId` unions, late 2026),
 * plus an old Claude that lacks native structured output, so the json-tool path is reachable.
 */
export const DEFAULT_PROVIDER_MODELS: Readonly<Record<ProviderId, readonly string[]>> = {
  openai: ["gpt-6-luna", "gpt-5.5", "gpt-5.4", "gpt-5.4-mini", "gpt-5.4-nano", "gpt-5-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4o-mini"],
  anthropic: [
    "claude-sonnet-4-6",
    "claude-opus-4-6",
    "claude-opus-4-7",
    "claude-sonnet-4-5",
    "claude-haiku-4-5",
    "claude-haiku-4-5-20251001",
    "claude-haiku-5-5",
    "claude-sonnet-5",
    "claude-opus-5",
    "claude-3-haiku-20240307",
  ],
  gemini: ["gemini-3.5-flash-lite", "gemini-2.5-flash", "gemini-2.5-flash-lite", "gemini-2.5-pro", "gemini-3-flash-preview", "gemini-3.5-flash", "gemini-flash-latest"],
  mistral: ["mistral-small-latest", "mistral-medium-latest", "mistral-large-latest", "ministral-8b-latest", "mistral-small-2603", "mistral-medium-2508"],
  ollama: ["llama3.2:latest", "qwen2.5:7b", "gemma3:4b", "mistral-small3.2:latest"],
  compatible: [
    "llama-3.3-70b-versatile",
    "llama-3.1-8b-instant",
    "meta-llama/Llama-3.3-70B-Instruct",
    "mistral-small-3.2-24b-instruct-2506",
    "qwen2.5-7b-instruct",
    "openai/gpt-oss-120b",
  ],
};

/** Generous defaults: tests and the demo never hit them unless they configure lower ones. */
export const DEFAULT_REQUESTS_PER_MINUTE = 5_000;
export const DEFAULT_TOKENS_PER_MINUTE = 2_000_000;

const keyListSchema = z.array(z.string().min(1));

export const providerEmulatorOptionsSchema = z
  .object({
    host: z.string().default("127.0.0.1"),
    port: z.number().int().min(0).max(65535).default(0),
    /** Added before every model response (not to control endpoints or model lists). */
    latencyMs: z.number().int().min(0).default(0),
    keys: z.partialRecord(providerIdSchema, keyListSchema).default({}),
    models: z.partialRecord(providerIdSchema, z.array(z.string().min(1)).min(1)).default({}),
    rateLimit: z
      .object({
        requestsPerMinute: z.number().int().positive().default(DEFAULT_REQUESTS_PER_MINUTE),
        tokensPerMinute: z.number().int().positive().default(DEFAULT_TOKENS_PER_MINUTE),
        /**
         * "second" (the default): requests are quantized to a second's share of the minute's limit, as OpenAI says
         * its limits may be enforced; "minute": a burst of the whole minute's limit goes through.
         */
        burst: z.enum(["second", "minute"]).default("second"),
      })
      .strict()
      .default({ requestsPerMinute: DEFAULT_REQUESTS_PER_MINUTE, tokensPerMinute: DEFAULT_TOKENS_PER_MINUTE, burst: "second" }),
    /** Injectable clock (epoch ms) for rate-limit buckets and prompt-cache lifetimes. */
    now: z.custom<() => number>((value) => typeof value === "function", "now must be a function returning epoch ms").optional(),
  })
  .strict();

export type ProviderEmulatorOptions = z.input<typeof providerEmulatorOptionsSchema>;
export type ResolvedProviderEmulatorOptions = z.output<typeof providerEmulatorOptionsSchema>;

/** Keys to enforce for a provider, or undefined when any key (or none) is accepted. */
export function enforcedKeys(options: ResolvedProviderEmulatorOptions, provider: ProviderId): readonly string[] | undefined {
  const configured = options.keys[provider];
  if (configured !== undefined) return configured;
  return provider === "ollama" ? undefined : DEFAULT_PROVIDER_KEYS[provider];
}

export function knownModels(options: ResolvedProviderEmulatorOptions, provider: ProviderId): readonly string[] {
  return options.models[provider] ?? DEFAULT_PROVIDER_MODELS[provider];
}
