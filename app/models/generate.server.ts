import { createHash } from "node:crypto";
import { APICallError, generateText, Output, type SystemModelMessage } from "ai";
import type { Prisma } from "@prisma/client";
import type { z } from "zod";
import type { Database } from "~/db/client.server";
import type { ProviderGate } from "~/pacing/provider-gate";
import { logger } from "~/observability/logger.server";
import { openConnection, type ConnectionEnvironment } from "./connections.server";
import { classifyError, ModelCallError } from "./errors";
import { releaseBudgetHold, renewBudgetHold, settleBudgetHold, takeBudgetHold } from "./budget-hold.server";
import { recordUsage, recordUsageWith, type LedgerEntry } from "./ledger.server";
import { isUniqueViolation } from "~/db/errors";
import { backendIdSchema, modelIdSchema } from "./ids";
import { costMicros, PRICE_TABLE_DATE, priceFor, type ModelPrice, type TokenUsage } from "./prices";
import type { BackendRegistry } from "./registry";
import { isAllowedWhenEuOnly } from "./registry";
import type { BackendDefinition, ChainEntry } from "./types";

/**
 * The one way Plume calls a model. Every feature hands it a zod schema and a
 * prompt split into a stable prefix (instructions, brand voice, examples —
 * cacheable) and the data (product facts, last). It walks the shop's chain:
 * budget check before each call, retries that honour the provider's delay,
 * the next backend only for provider-side failures, and a ledger row for
 * every attempt.
 */
export interface GenerationRequest<T> {
  shop: string;
  purpose: string;
  /** the product the call writes for, recorded in the ledger for cost per product */
  productId?: string;
  schema: z.ZodType<T>;
  instructions: string;
  data: string;
  maxOutputTokens: number;
  /** Templates backend: produce the output from facts, without a model. */
  offline?: () => T | Promise<T>;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface ShopModelPolicy {
  chain: ChainEntry[];
  euOnly: boolean;
  monthlyBudgetMicros: number | null;
}

export interface GenerationContext {
  database: Database;
  registry: BackendRegistry;
  connections: ConnectionEnvironment;
  policy: ShopModelPolicy;
  /** the bulk job this call belongs to: its own budget reservation covers the call, other jobs' do not */
  jobId?: string;
  now?: () => Date;
  sleep?: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
  retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  /**
   * Pacing per shop and backend (app/pacing/provider-gate.ts): asked before each call, told each answer (success,
   * 429, rate-limit headers). "wait" sleeps until the gate lets the call go; "defer" throws a retryable rate_limit
   * ModelCallError carrying the delay, for a job scheduler to come back later. Without it, calls are not paced.
   */
  pacing?: { gate: ProviderGate; mode: "wait" | "defer" };
  /**
   * Answers kept as they arrive, by request (a bulk job keeps them until its item's proposals are stored): a request
   * asked again after a crash takes the kept answer instead of paying for the call twice. Its ledger row is the
   * first call's; no new one is written.
   */
  answers?: AnswerKeeper;
  /**
   * Connections opened for this context's calls, reused for CONNECTION_REUSE_MS (a bulk job's run: one read and one
   * decryption of the key a minute instead of one per call). A key changed or removed in settings reaches the job
   * within that time. Without it, every call opens its connection.
   */
  openedConnections?: Map<string, { until: number; opened: ReturnType<typeof openConnection> }>;
}

/** How long a context's opened connection serves its calls before the settings are read again. */
export const CONNECTION_REUSE_MS = 60_000;

/** A model answer kept for a request: what generateStructured returns for it, minus the attempts. */
export interface KeptAnswer {
  backendId: string;
  modelId: string;
  output: unknown;
  usage: TokenUsage;
  costMicros: number | null;
}

export interface AnswerKeeper {
  find(key: string): Promise<KeptAnswer | null>;
  /**
   * Keeps the answer, in the transaction that writes the call's ledger row (`tx`): an answer the ledger counts is an
   * answer a later attempt can take, and a process killed before that commit has lost only a call still in flight.
   */
  keep(key: string, answer: KeptAnswer & { productId?: string }, tx: Prisma.TransactionClient): Promise<void>;
}

/** The same backend, model and request (prompt, schema's purpose, output budget) is the same call. */
export function answerKey(entry: ChainEntry, request: GenerationRequest<unknown>): string {
  return createHash("sha256")
    .update(JSON.stringify([entry.backendId, entry.modelId, request.purpose, request.productId ?? "", request.maxOutputTokens, request.instructions, request.data]), "utf8")
    .digest("hex");
}

export interface AttemptRecord {
  backendId: string;
  modelId: string;
  attempt: number;
  outcome: "ok" | ModelCallError["kind"];
  latencyMs: number;
}

export interface GenerationResult<T> {
  output: T;
  backendId: string;
  modelId: string;
  usage: TokenUsage;
  costMicros: number | null;
  priceTableDate: string;
  /** the backend whose failure moved the call down the chain, if any */
  fallbackFrom: string | null;
  attempts: AttemptRecord[];
}

/** What a ledger row says the call was for: its bulk job and its product, when it had them. */
const defaultSleep = (milliseconds: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, milliseconds);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

/** A cheap token estimate (≈4 characters per token) for budget checks before a call. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function worstCaseCost(price: ModelPrice | undefined, request: GenerationRequest<unknown>): number {
  if (!price) return 0;
  return costMicros(price, {
    inputTokens: estimateTokens(request.instructions) + estimateTokens(request.data),
    cachedInputTokens: 0,
    outputTokens: request.maxOutputTokens,
  });
}

/**
 * The budget rules before each call. A call whose worst case costs nothing
 * (Templates, self-hosted, on-server) is never refused and takes no hold. With a shop budget or
 * the operator's monthly cap set, a paid model the price table cannot price is
 * refused ("unpriced_model"): its cost would never be counted, so a cap could
 * not hold. Otherwise the call's worst case is held against both caps in one transaction
 * (app/models/budget-hold.server.ts): this month's spend, bulk jobs' reservations (the calling
 * job's own drawn on first) and every other call in flight count, so concurrent jobs and single
 * runs overshoot a cap by at most one call. The hold is settled into the ledger when the call ends.
 */
async function holdBudget(
  context: GenerationContext,
  request: GenerationRequest<unknown>,
  entry: ChainEntry,
  price: ModelPrice | undefined,
  now: Date,
): Promise<{ refusal: ModelCallError } | { holdId: string | null }> {
  const shopBudget = context.policy.monthlyBudgetMicros;
  const operatorCap = context.connections.operatorMonthlyCapMicros ?? null;
  if (shopBudget === null && operatorCap === null) return { holdId: null };
  if (!price) {
    return {
      refusal: new ModelCallError(
        "unpriced_model",
        `${entry.modelId} has no price in Plume's price table, so its cost cannot be counted against the monthly budget; choose a priced model or remove the budget.`,
        entry,
      ),
    };
  }
  const estimate = worstCaseCost(price, request);
  if (estimate === 0) return { holdId: null };
  const outcome = await takeBudgetHold(
    context.database,
    { shopBudgetMicros: shopBudget, operatorCapMicros: operatorCap },
    { shop: request.shop, micros: estimate, now, ...(context.jobId ? { jobId: context.jobId } : {}), ...(request.timeoutMs !== undefined ? { callTimeoutMs: request.timeoutMs } : {}) },
  );
  if (outcome.ok) return { holdId: outcome.holdId };
  if (outcome.scope === "shop") {
    return {
      refusal: new ModelCallError(
        "budget_exceeded",
        `This call could cost up to ${estimate} micro-USD and the monthly budget has ${outcome.leftMicros} left (spent, reserved by bulk jobs and held by calls in flight: ${outcome.committedMicros} of ${outcome.capMicros}).`,
        entry,
      ),
    };
  }
  return { refusal: new ModelCallError("budget_exceeded", "This app's monthly spending cap (set by its operator) is reached; paid models are paused until next month.", entry) };
}

/** The stable prefix goes in `system` (cached where the provider caches), the data last. */
function systemPrompt(backend: BackendDefinition, request: GenerationRequest<unknown>): SystemModelMessage {
  return backend.cacheControl === "anthropic-ephemeral"
    ? { role: "system", content: request.instructions, providerOptions: { anthropic: { cacheControl: { type: "ephemeral" } } } }
    : { role: "system", content: request.instructions };
}

// Provider warnings (e.g. an unsupported setting) go to our structured logs, not the console.
globalThis.AI_SDK_LOG_WARNINGS = ({ warnings, provider, model }) => {
  if (warnings.length > 0) logger.warn({ provider, model, warnings }, "model provider warnings");
};

/** The call's connection: the context's opened one while it is fresh, else a new one (kept when the context keeps them). */
function connectionFor(context: GenerationContext, shop: string, entry: ChainEntry): ReturnType<typeof openConnection> {
  const open = () => openConnection(context.database, context.connections, context.registry, shop, entry.backendId, entry.modelId);
  const cache = context.openedConnections;
  if (!cache) return open();
  const key = JSON.stringify([shop, entry.backendId, entry.modelId]);
  const now = Date.now();
  const cached = cache.get(key);
  if (cached && cached.until > now) return cached.opened;
  const opened = open();
  cache.set(key, { until: now + CONNECTION_REUSE_MS, opened });
  // A connection that could not open (no key yet, a refused URL) is not kept: the next call reads the settings again.
  opened.catch(() => {
    if (cache.get(key)?.opened === opened) cache.delete(key);
  });
  return opened;
}

async function callOnce<T>(
  context: GenerationContext,
  backend: BackendDefinition,
  entry: ChainEntry,
  request: GenerationRequest<T>,
): Promise<{ output: T; usage: TokenUsage; headers?: Record<string, string> }> {
  if (backend.family === "templates") {
    if (!request.offline) throw new ModelCallError("not_configured", "Templates cannot produce this output.", entry);
    const output = request.schema.parse(await request.offline());
    return { output, usage: { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 } };
  }
  const { connection } = await connectionFor(context, request.shop, entry);
  if (!backend.createModel) throw new ModelCallError("not_configured", `${backend.label} cannot be called.`, entry);
  const timeout = AbortSignal.timeout(request.timeoutMs ?? 60_000);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  try {
    const result = await generateText({
      model: backend.createModel(connection),
      system: systemPrompt(backend, request),
      prompt: request.data,
      output: Output.object({ schema: request.schema }),
      maxOutputTokens: request.maxOutputTokens,
      // Retries are ours: they honour retry-after and Gemini's in-body delay, and feed the fallback chain.
      maxRetries: 0,
      abortSignal: signal,
      providerOptions: { openai: { promptCacheKey: `plume:${request.purpose}` } },
    });
    // Stopped by the token limit (OpenAI length/incomplete, Anthropic max_tokens, Gemini MAX_TOKENS):
    // the last value was cut even if the JSON happens to parse, so this answer is never a value.
    if (result.finishReason === "length") {
      throw new ModelCallError("invalid_output", "The model ran out of output tokens before finishing.", { ...entry, cause: { finishReason: result.finishReason, rawFinishReason: result.rawFinishReason } });
    }
    const details = result.usage.inputTokenDetails;
    return {
      output: result.output as T,
      usage: {
        inputTokens: result.usage.inputTokens ?? 0,
        cachedInputTokens: details?.cacheReadTokens ?? 0,
        cacheWriteInputTokens: details?.cacheWriteTokens ?? 0,
        outputTokens: result.usage.outputTokens ?? 0,
      },
      headers: result.response.headers,
    };
  } catch (error) {
    throw classifyError(error, { ...entry, timedOut: timeout.aborted && !request.signal?.aborted });
  }
}

/** The chain a call walks: primary then fallbacks, minus what the EU switch forbids, without repeats. */
export function effectiveChain(registry: BackendRegistry, policy: ShopModelPolicy): ChainEntry[] {
  const seen = new Set<string>();
  return policy.chain.filter((entry) => {
    // Ids from storage or a request that are not ids at all never reach a provider.
    if (!backendIdSchema.safeParse(entry.backendId).success || !modelIdSchema.safeParse(entry.modelId).success) return false;
    const key = `${entry.backendId}:${entry.modelId}`;
    if (seen.has(key) || !registry.has(entry.backendId)) return false;
    seen.add(key);
    return !policy.euOnly || isAllowedWhenEuOnly(registry.get(entry.backendId).region);
  });
}

export async function generateStructured<T>(context: GenerationContext, request: GenerationRequest<T>): Promise<GenerationResult<T>> {
  const now = context.now ?? (() => new Date());
  const sleep = context.sleep ?? defaultSleep;
  const maxAttempts = context.retry?.maxAttempts ?? 3;
  const baseDelayMs = context.retry?.baseDelayMs ?? 500;
  const maxDelayMs = context.retry?.maxDelayMs ?? 30_000;
  const chain = effectiveChain(context.registry, context.policy);
  if (chain.length === 0) {
    throw new ModelCallError("not_configured", context.policy.euOnly ? "No EU or self-hosted backend is configured." : "No model backend is configured.");
  }
  const attempts: AttemptRecord[] = [];
  let fallbackFrom: string | null = null;
  let lastError: ModelCallError | undefined;

  for (const entry of chain) {
    const backend = context.registry.get(entry.backendId);
    const price = priceFor(backend, backend.pricingBackendId ?? backend.id, entry.modelId);
    // The date the applied price was checked; the table's date when the model is unpriced.
    const priceDate = price?.asOf ?? PRICE_TABLE_DATE;
    const keyed = context.answers && backend.family !== "templates" ? answerKey(entry, request) : undefined;
    if (keyed && context.answers) {
      const kept = await context.answers.find(keyed);
      // Stored data is checked like a model's answer: a row that no longer fits the schema is asked again.
      const parsed = kept ? request.schema.safeParse(kept.output) : undefined;
      if (kept && parsed?.success) {
        attempts.push({ ...entry, attempt: 0, outcome: "ok", latencyMs: 0 });
        return { output: parsed.data, backendId: entry.backendId, modelId: entry.modelId, usage: kept.usage, costMicros: kept.costMicros, priceTableDate: priceDate, fallbackFrom, attempts };
      }
    }
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      if (request.signal?.aborted) throw new ModelCallError("cancelled", "The call was cancelled.", entry);
      const held = await holdBudget(context, request, entry, price, now());
      if ("refusal" in held) {
        lastError = held.refusal;
        attempts.push({ ...entry, attempt, outcome: held.refusal.kind, latencyMs: 0 });
        break; // a cheaper or free backend further down the chain may still run
      }
      let holdId = held.holdId;
      // Whatever ends this attempt (an answer, an error, a cancellation, a pacing deferral), the hold stops counting:
      // settled into the ledger row when there is one, released otherwise.
      // `alongside` joins the ledger row's transaction (the answer kept with it).
      const record = async (ledgerEntry: LedgerEntry, alongside?: (tx: Prisma.TransactionClient) => Promise<void>) => {
        const entryWithJob = { ...ledgerEntry, ...(context.jobId ? { jobId: context.jobId } : {}), ...(request.productId ? { productId: request.productId } : {}) };
        const id = holdId;
        holdId = null;
        const write = (extra?: typeof alongside) => {
          if (id) return settleBudgetHold(context.database, id, entryWithJob, extra);
          return extra ? recordUsageWith(context.database, entryWithJob, extra) : recordUsage(context.database, entryWithJob);
        };
        try {
          await write(alongside);
        } catch (error) {
          // Another attempt kept the same request's answer first (it had lost its lease): the ledger row still counts.
          if (!alongside || !isUniqueViolation(error)) throw error;
          await write();
        }
      };
      try {
        if (context.pacing && backend.family !== "templates") {
          const key = { shop: request.shop, backendId: entry.backendId };
          let waited = false;
          for (let decision = await context.pacing.gate.reserve(key); !decision.ok; decision = await context.pacing.gate.reserve(key)) {
            if (context.pacing.mode === "defer") throw new ModelCallError("rate_limit", `${backend.label}: paced, the next call may start in ${decision.retryInMs} ms.`, { ...entry, retryAfterMs: decision.retryInMs });
            await sleep(decision.retryInMs, request.signal);
            waited = true;
            if (request.signal?.aborted) throw new ModelCallError("cancelled", "The call was cancelled.", entry);
          }
          // A hold that expired while the call waited its turn no longer counts: take a new one (which may be refused).
          if (waited && holdId && !(await renewBudgetHold(context.database, holdId, now(), request.timeoutMs))) {
            holdId = null;
            const again = await holdBudget(context, request, entry, price, now());
            if ("refusal" in again) {
              lastError = again.refusal;
              attempts.push({ ...entry, attempt, outcome: again.refusal.kind, latencyMs: 0 });
              break;
            }
            holdId = again.holdId;
          }
        }
        const started = performance.now();
        try {
          const { output, usage, headers } = await callOnce(context, backend, entry, request);
          const latencyMs = Math.round(performance.now() - started);
          const cost = price ? costMicros(price, usage) : null;
          const answers = context.answers;
          const kept = { backendId: entry.backendId, modelId: entry.modelId, output, usage, costMicros: cost, ...(request.productId ? { productId: request.productId } : {}) };
          // The ledger row and the kept answer first, in one commit: the answer is what a kill right now would lose.
          await record(
            {
              shop: request.shop,
              ...entry,
              purpose: request.purpose,
              inputTokens: usage.inputTokens,
              cachedInputTokens: usage.cachedInputTokens,
              cacheWriteInputTokens: usage.cacheWriteInputTokens ?? 0,
              outputTokens: usage.outputTokens,
              costMicros: cost,
              priceTableDate: priceDate,
              latencyMs,
              outcome: "ok",
              ...(fallbackFrom ? { fallbackFrom } : {}),
              attempt,
            },
            keyed && answers ? (tx) => answers.keep(keyed, kept, tx) : undefined,
          );
          if (context.pacing && backend.family !== "templates") await context.pacing.gate.record({ shop: request.shop, backendId: entry.backendId }, { status: 200, ...(headers ? { headers } : {}) });
          attempts.push({ ...entry, attempt, outcome: "ok", latencyMs });
          return { output, backendId: entry.backendId, modelId: entry.modelId, usage, costMicros: cost, priceTableDate: priceDate, fallbackFrom, attempts };
        } catch (thrown) {
          const error = thrown instanceof ModelCallError ? thrown : classifyError(thrown, entry);
          const latencyMs = Math.round(performance.now() - started);
          if (context.pacing && error.kind === "rate_limit") {
            // The provider's own headers when it sent them (retry-after, x-ratelimit-*), else the delay read from its answer.
            const headers = APICallError.isInstance(error.details.cause) ? error.details.cause.responseHeaders : undefined;
            await context.pacing.gate.record({ shop: request.shop, backendId: entry.backendId }, { status: 429, ...(headers ? { headers } : {}), ...(error.details.retryAfterMs !== undefined ? { retryAfterMs: error.details.retryAfterMs } : {}) });
          }
          attempts.push({ ...entry, attempt, outcome: error.kind, latencyMs });
          if (error.kind !== "not_configured" && error.kind !== "cancelled") {
            await record({
              shop: request.shop,
              ...entry,
              purpose: request.purpose,
              inputTokens: 0,
              cachedInputTokens: 0,
              cacheWriteInputTokens: 0,
              outputTokens: 0,
              costMicros: 0,
              priceTableDate: priceDate,
              latencyMs,
              outcome: error.kind,
              errorMessage: error.message.slice(0, 500),
              ...(fallbackFrom ? { fallbackFrom } : {}),
              attempt,
            });
          }
          lastError = error;
          if (error.kind === "cancelled") throw error;
          if (!error.fallbackAllowed && error.kind !== "not_configured") throw error; // bad key, unknown model: report, don't hammer
          if (!error.retryable || attempt === maxAttempts) break;
          const requested = error.details.retryAfterMs;
          if (requested !== undefined && requested > maxDelayMs) break; // the provider wants longer than we wait: next backend
          const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
          if (holdId) {
            const id = holdId;
            holdId = null;
            await releaseBudgetHold(context.database, id); // the retry takes its own hold
          }
          await sleep(requested ?? backoff + Math.floor(Math.random() * baseDelayMs), request.signal);
        }
      } finally {
        if (holdId) await releaseBudgetHold(context.database, holdId);
      }
    }
    fallbackFrom = entry.backendId;
  }
  throw lastError ?? new ModelCallError("not_configured", "No model backend could be used.");
}
