import { openAICompatibleBackend } from "./openai-compatible";

export const vllmBackend = openAICompatibleBackend({
  id: "vllm",
  label: "vLLM (self-hosted)",
  region: "self-hosted",
  description: "Any model served by vLLM's OpenAI-compatible server, with guided JSON output.",
  suggestedModels: ["meta-llama/Llama-3.1-8B-Instruct", "Qwen/Qwen2.5-7B-Instruct"],
  defaultBaseUrl: "http://localhost:8000/v1",
  baseUrlEditable: true,
  apiKeyRequired: false,
  setupHint: "Start `vllm serve <model>`; set the base URL of its /v1 endpoint.",
});
