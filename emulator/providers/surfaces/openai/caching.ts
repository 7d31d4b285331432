import type { CachingMode } from "../../core/model-call";

/** OpenAI caches prompts of 1,024 tokens or more automatically, in 128-token steps, for 5–10 idle minutes. */
export const OPENAI_CACHING: CachingMode = { type: "automatic", minimumTokens: 1024, granularityTokens: 128, ttlMs: 10 * 60_000 };
