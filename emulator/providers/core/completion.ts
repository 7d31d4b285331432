/**
 * Turns a provider-neutral call into the reply text and its usage: tokens counted
 * from the prompt and the reply, prompt caching applied as the call's provider does
 * it, and the reply cut off at max output tokens just as a real model stops.
 */
import type { GroundTruthValue } from "../content/adversarial";
import { generateMisbehavingReply, generateRefusal } from "../content/generate-reply";
import type { BehaviourMode } from "./behaviour";
import { canonicalPrompt, conversationText, lastUserText, type Completion, type CompletionUsage, type ModelCall } from "./model-call";
import type { PromptCache } from "./prompt-cache";
import { CHARACTERS_PER_TOKEN, estimateTokens } from "./tokens";

export function estimateInputTokens(call: ModelCall): number {
  return estimateTokens(canonicalPrompt(call.segments));
}

function usageFor(call: ModelCall, cache: PromptCache, outputTokens: number): CompletionUsage {
  const inputTokens = estimateInputTokens(call);
  const scope = `${call.provider}:${call.model}`;
  const outcome =
    call.caching.type === "automatic"
      ? cache.automatic(scope, call.segments, call.caching)
      : call.caching.type === "explicit"
        ? cache.explicit(scope, call.segments, call.caching.minimumTokens)
        : { readTokens: 0, writeTokens: 0, write1hTokens: 0 };
  return {
    inputTokens,
    cacheReadTokens: Math.min(outcome.readTokens, inputTokens),
    cacheWriteTokens: Math.min(outcome.writeTokens, inputTokens),
    cacheWrite1hTokens: Math.min(outcome.write1hTokens, inputTokens),
    outputTokens,
  };
}

export interface TruthfulCompletion extends Completion {
  /** The values the (possibly misbehaving) model wrote, with what its mode put in them. */
  values: GroundTruthValue[];
  productTitle: string;
  requestedLocale: string;
}

function systemText(call: ModelCall): string {
  return call.segments
    .filter((segment) => segment.role === "system")
    .map((segment) => segment.text)
    .join("\n");
}

export function complete(call: ModelCall, cache: PromptCache, mode: BehaviourMode = "friendly"): TruthfulCompletion {
  const reply = generateMisbehavingReply(
    { conversation: conversationText(call.segments), lastUserMessage: lastUserText(call.segments), format: call.output },
    { mode, instructions: systemText(call) },
  );
  const full = reply.text;
  const truth = { values: reply.values, productTitle: reply.facts.title, requestedLocale: reply.facts.requestedLocale };
  const fullTokens = estimateTokens(full);
  const limit = call.maxOutputTokens;
  if (limit !== undefined && fullTokens > limit) {
    return { text: full.slice(0, limit * CHARACTERS_PER_TOKEN), finish: "length", usage: usageFor(call, cache, limit), ...truth };
  }
  // A sloppy model that ran out of budget mid-word says so in its finish reason.
  return { text: full, finish: reply.cutByLimit ? "length" : "stop", usage: usageFor(call, cache, fullTokens), ...truth };
}

export function refuse(call: ModelCall, cache: PromptCache): Completion {
  const text = generateRefusal({ conversation: conversationText(call.segments), lastUserMessage: lastUserText(call.segments) });
  return { text, finish: "stop", usage: usageFor(call, cache, estimateTokens(text)) };
}

/** A reply cut in the middle of its JSON, as a model that lost its way would send it. */
export function malformed(completion: Completion): Completion {
  const cut = completion.text.slice(0, Math.max(1, Math.floor(completion.text.length / 2)));
  const text = cut.startsWith("{") || cut.startsWith("[") ? `${cut}…` : `{"${cut}`;
  return { ...completion, text };
}
