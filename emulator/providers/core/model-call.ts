/**
 * The provider-neutral shape every surface reads its wire request into, and the
 * completion it gets back. Surfaces only translate; generation, usage and caching
 * are shared so that every provider answers the same prompt with the same copy.
 */
import type { ReplyFormat } from "../content/generate-reply";
import type { ProviderId } from "../options";

export interface PromptSegment {
  /** "system", "user", "assistant", "tool" or "schema" (an output schema or tool definition). */
  role: string;
  text: string;
  /** Anthropic cache_control on this block: the prefix up to and including it may be cached. */
  cacheBreakpoint?: { ttlMs: number };
}

export type OutputRequest = ReplyFormat;

export type CachingMode =
  | { type: "none" }
  /** OpenAI and Gemini cache long repeated prefixes on their own. */
  | { type: "automatic"; minimumTokens: number; granularityTokens: number; ttlMs: number }
  /** Anthropic caches only at the breakpoints the request marks. */
  | { type: "explicit"; minimumTokens: number };

export interface ModelCall {
  provider: ProviderId;
  model: string;
  /** In prefix order: schema and tools first, then system, then the conversation. */
  segments: PromptSegment[];
  output: OutputRequest;
  maxOutputTokens: number | undefined;
  caching: CachingMode;
}

export interface CompletionUsage {
  /** Every prompt token, cached or not. */
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** Anthropic splits cache writes by lifetime. */
  cacheWrite1hTokens: number;
  outputTokens: number;
}

export interface Completion {
  text: string;
  /** "length" when max output tokens cut the text short, as a real model would be. */
  finish: "stop" | "length";
  usage: CompletionUsage;
}

/** The text a prompt cache compares: roles and texts in order, so any change breaks the prefix. */
export function canonicalPrompt(segments: readonly PromptSegment[]): string {
  return segments.map((segment) => `<${segment.role}>\n${segment.text}\n`).join("");
}

/** Only the conversation, for finding product facts (schemas and tool definitions are not data). */
export function conversationText(segments: readonly PromptSegment[]): string {
  return segments
    .filter((segment) => segment.role !== "schema")
    .map((segment) => segment.text)
    .join("\n");
}

export function lastUserText(segments: readonly PromptSegment[]): string {
  for (let index = segments.length - 1; index >= 0; index -= 1) {
    const segment = segments[index];
    if (segment !== undefined && segment.role === "user" && segment.text.trim() !== "") return segment.text;
  }
  return "";
}
