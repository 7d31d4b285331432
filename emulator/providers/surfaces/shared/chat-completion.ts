/** The chat.completion object OpenAI returns and OpenAI-compatible servers copy, with their small differences. */
import type { EndpointOutcome } from "../../core/pipeline";

export interface ChatCompletionStyle {
  systemFingerprint: string | null;
  /** OpenAI puts a refusal in `message.refusal` with null content; other servers just say it. */
  refusalField: boolean;
  /** OpenAI and vLLM report cached prompt tokens in prompt_tokens_details. */
  usageDetails: boolean;
}

export function chatCompletionBody(outcome: EndpointOutcome<unknown>, model: string, style: ChatCompletionStyle): Record<string, unknown> {
  const { completion, refused } = outcome;
  const { usage } = completion;
  const refusal = refused && style.refusalField;
  const message: Record<string, unknown> = { role: "assistant", content: refusal ? null : completion.text };
  if (style.refusalField) Object.assign(message, { refusal: refusal ? completion.text : null, annotations: [] });
  return {
    id: `chatcmpl-${outcome.responseId}`,
    object: "chat.completion",
    created: outcome.createdAt,
    model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: completion.finish === "length" ? "length" : "stop" }],
    usage: {
      prompt_tokens: usage.inputTokens,
      completion_tokens: usage.outputTokens,
      total_tokens: usage.inputTokens + usage.outputTokens,
      ...(style.usageDetails && {
        prompt_tokens_details: { cached_tokens: usage.cacheReadTokens, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      }),
    },
    ...(style.usageDetails && { service_tier: "default" }),
    system_fingerprint: style.systemFingerprint,
  };
}
