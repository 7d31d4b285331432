/**
 * Prompt caching as the providers report it in usage: OpenAI and Gemini reuse the
 * longest prefix shared with a recent prompt (OpenAI in 128-token steps from 1,024);
 * Anthropic writes the prefix at each cache_control breakpoint and reads it back while
 * it lives (5 minutes, refreshed on use, or 1 hour when asked).
 */
import { createHash } from "node:crypto";
import { canonicalPrompt, type PromptSegment } from "./model-call";
import { estimateTokens, tokensInPrefix } from "./tokens";

export const FIVE_MINUTES_MS = 5 * 60_000;
export const ONE_HOUR_MS = 60 * 60_000;

/** How many recent prompts per provider and model are compared for a shared prefix. */
const AUTOMATIC_ENTRIES_PER_SCOPE = 64;

export interface CacheOutcome {
  readTokens: number;
  /** All tokens written to the cache by this request. */
  writeTokens: number;
  /** The part of `writeTokens` written with a one-hour lifetime. */
  write1hTokens: number;
}

const NO_CACHE: CacheOutcome = { readTokens: 0, writeTokens: 0, write1hTokens: 0 };

function commonPrefixLength(left: string, right: string): number {
  const limit = Math.min(left.length, right.length);
  let index = 0;
  while (index < limit && left.charCodeAt(index) === right.charCodeAt(index)) index += 1;
  return index;
}

function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export class PromptCache {
  private readonly recentPrompts = new Map<string, { text: string; expiresAt: number }[]>();
  private readonly breakpoints = new Map<string, { tokens: number; expiresAt: number; ttlMs: number }>();

  constructor(private readonly now: () => number) {}

  automatic(scope: string, segments: readonly PromptSegment[], mode: { minimumTokens: number; granularityTokens: number; ttlMs: number }): CacheOutcome {
    const text = canonicalPrompt(segments);
    const now = this.now();
    const entries = (this.recentPrompts.get(scope) ?? []).filter((entry) => entry.expiresAt > now);
    let longest = 0;
    for (const entry of entries) longest = Math.max(longest, commonPrefixLength(entry.text, text));
    const remembered = entries.filter((entry) => entry.text !== text);
    remembered.push({ text, expiresAt: now + mode.ttlMs });
    this.recentPrompts.set(scope, remembered.slice(-AUTOMATIC_ENTRIES_PER_SCOPE));

    const sharedTokens = tokensInPrefix(longest);
    if (sharedTokens < mode.minimumTokens) return NO_CACHE;
    const readTokens = Math.floor(sharedTokens / mode.granularityTokens) * mode.granularityTokens;
    return { readTokens, writeTokens: 0, write1hTokens: 0 };
  }

  explicit(scope: string, segments: readonly PromptSegment[], minimumTokens: number): CacheOutcome {
    const now = this.now();
    const prefixes: { key: string; tokens: number; ttlMs: number }[] = [];
    segments.forEach((segment, index) => {
      if (segment.cacheBreakpoint === undefined) return;
      const prefix = canonicalPrompt(segments.slice(0, index + 1));
      const tokens = estimateTokens(prefix);
      // Shorter prefixes are silently not cached, as Anthropic does.
      if (tokens >= minimumTokens) prefixes.push({ key: `${scope}:${digest(prefix)}`, tokens, ttlMs: segment.cacheBreakpoint.ttlMs });
    });
    if (prefixes.length === 0) return NO_CACHE;

    let readTokens = 0;
    for (const prefix of prefixes) {
      const hit = this.breakpoints.get(prefix.key);
      if (hit !== undefined && hit.expiresAt > now) readTokens = Math.max(readTokens, hit.tokens);
    }
    let writeTokens = 0;
    let write1hTokens = 0;
    let written = readTokens;
    for (const prefix of prefixes) {
      const existing = this.breakpoints.get(prefix.key);
      const alive = existing !== undefined && existing.expiresAt > now;
      // Reading or writing a breakpoint refreshes its lifetime.
      this.breakpoints.set(prefix.key, { tokens: prefix.tokens, expiresAt: now + prefix.ttlMs, ttlMs: prefix.ttlMs });
      if (alive || prefix.tokens <= written) continue;
      const added = prefix.tokens - written;
      written = prefix.tokens;
      writeTokens += added;
      if (prefix.ttlMs > FIVE_MINUTES_MS) write1hTokens += added;
    }
    return { readTokens, writeTokens, write1hTokens };
  }

  clear(): void {
    this.recentPrompts.clear();
    this.breakpoints.clear();
  }
}
