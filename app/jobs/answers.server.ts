import { z } from "zod";
import type { Database } from "~/db/client.server";
import type { AnswerKeeper, KeptAnswer } from "~/models/generate.server";

/**
 * A bulk job's model answers, kept from the moment each arrives until its item's proposals are stored (the runner
 * deletes them in that transaction, see forgetItemAnswers). A runner killed between the answer and that commit
 * leaves them here; the item's next attempt asks the same request and takes the kept answer instead of paying for
 * the call again. Rows hold only in-flight items' answers, so the table stays small whatever the job's size.
 */
const usageSchema = z.object({
  inputTokens: z.number().int().min(0),
  cachedInputTokens: z.number().int().min(0),
  cacheWriteInputTokens: z.number().int().min(0).optional(),
  outputTokens: z.number().int().min(0),
});

export function jobAnswerKeeper(database: Database, shop: string, jobId: string): AnswerKeeper {
  return {
    async find(key: string): Promise<KeptAnswer | null> {
      const row = await database.jobAnswer.findUnique({ where: { jobId_key: { jobId, key } } });
      if (!row || row.shop !== shop) return null;
      const usage = usageSchema.safeParse(safeJson(row.usage));
      if (!usage.success) return null;
      return { backendId: row.backendId, modelId: row.modelId, output: safeJson(row.output), usage: usage.data, costMicros: row.costMicros === null ? null : Number(row.costMicros) };
    },
    async keep(key, answer, tx): Promise<void> {
      const fields = {
        shop,
        productId: answer.productId ?? "",
        backendId: answer.backendId,
        modelId: answer.modelId,
        output: JSON.stringify(answer.output),
        usage: JSON.stringify(answer.usage),
        costMicros: answer.costMicros === null ? null : BigInt(answer.costMicros),
      };
      // The latest answer to a request is the one kept (one asked again because the kept one no longer fitted replaces
      // it). Two attempts keeping the same request at once (one had lost its lease) may collide on the key: the caller
      // then records its ledger row without the answer (generateStructured).
      await tx.jobAnswer.upsert({ where: { jobId_key: { jobId, key } }, create: { jobId, key, ...fields }, update: fields });
    },
  };
}

/** The item's answers are no longer needed once its proposals are stored (or it has failed for good). */
export function forgetItemAnswers(database: Database, shop: string, jobId: string, productId: string) {
  return database.jobAnswer.deleteMany({ where: { shop, jobId, productId } });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
