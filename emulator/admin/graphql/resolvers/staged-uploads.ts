/**
 * `stagedUploadsCreate` for BULK_MUTATION_VARIABLES. Shopify hands out a signed
 * Google Cloud Storage form-POST target; the emulator hands out the same
 * parameter set (key, Content-Type, success_action_status, acl, policy,
 * x-goog-*) pointing at its own upload endpoint, and checks the signature when
 * the file arrives. The `key` parameter is what bulkOperationRunMutation takes
 * as `stagedUploadPath`.
 */
import { createHmac, randomUUID } from "node:crypto";
import { z } from "zod";
import { propertyResolvers, typeResolvers, type ResolverMap } from "../context";
import { notEmulatedInputError } from "../errors";
import { userError, type UserErrorValue } from "./user-errors";
import { BULK_MUTATION_FILE_MAX_BYTES, type StagedUpload } from "../../store/bulk-operations";
import { STAGED_UPLOAD_PATH } from "../../emulator-paths";


export function stagedUploadSignature(key: string, apiSecret: string): string {
  return createHmac("sha256", apiSecret).update(`staged-upload:${key}`, "utf8").digest("hex");
}

const stagedUploadInputSchema = z.object({
  resource: z.string(),
  filename: z.string(),
  mimeType: z.string(),
  httpMethod: z.enum(["POST", "PUT"]).nullish(),
  fileSize: z.union([z.string(), z.number()]).nullish(),
});

interface StagedTarget {
  readonly url: string;
  readonly resourceUrl: string | null;
  readonly parameters: readonly { name: string; value: string }[];
}

function googDate(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
}

const mutation = typeResolvers<unknown>({
  stagedUploadsCreate: (_source, rawArgs, context) => {
    const { input } = z.object({ input: z.array(stagedUploadInputSchema) }).parse(rawArgs);
    const targets: StagedTarget[] = [];
    const userErrors: UserErrorValue[] = [];
    input.forEach((entry, index) => {
      if (entry.resource !== "BULK_MUTATION_VARIABLES") throw notEmulatedInputError(`stagedUploadsCreate for resource ${entry.resource}`);
      if ((entry.httpMethod ?? "PUT") !== "POST") throw notEmulatedInputError("stagedUploadsCreate with httpMethod PUT (use POST, as the bulk import guide does)");
      if (entry.filename.trim() === "") {
        userErrors.push(userError(["input", index, "filename"], "Filename can't be blank"));
        return;
      }
      const key = `tmp/${context.shop.legacyId}/bulk/${randomUUID()}/${entry.filename}`;
      const signature = stagedUploadSignature(key, context.store.options.apiSecret);
      const upload: StagedUpload = { key, filename: entry.filename, mimeType: entry.mimeType, signature, createdAt: context.now, contents: null };
      context.shop.bulk.stagedUploads.set(key, upload);
      const policy = Buffer.from(
        JSON.stringify({
          conditions: [{ "Content-Type": entry.mimeType }, { success_action_status: "201" }, { acl: "private" }, ["content-length-range", 1, BULK_MUTATION_FILE_MAX_BYTES], { bucket: "shopify-staged-uploads" }, { key }],
          expiration: new Date(context.now + 24 * 3600 * 1000).toISOString(),
        }),
      ).toString("base64");
      targets.push({
        url: `${context.store.baseUrl}${STAGED_UPLOAD_PATH}`,
        resourceUrl: null,
        parameters: [
          { name: "key", value: key },
          { name: "Content-Type", value: entry.mimeType },
          { name: "success_action_status", value: "201" },
          { name: "acl", value: "private" },
          { name: "policy", value: policy },
          { name: "x-goog-credential", value: `plume-admin-emulator/${googDate(context.now).slice(0, 8)}/auto/storage/goog4_request` },
          { name: "x-goog-algorithm", value: "GOOG4-RSA-SHA256" },
          { name: "x-goog-date", value: googDate(context.now) },
          { name: "x-goog-signature", value: signature },
        ],
      });
    });
    return { stagedTargets: userErrors.length > 0 ? null : targets, userErrors };
  },
});

export const stagedUploadResolvers: ResolverMap = {
  Mutation: mutation,
  StagedUploadsCreatePayload: propertyResolvers("stagedTargets", "userErrors"),
  StagedMediaUploadTarget: propertyResolvers("url", "resourceUrl", "parameters"),
  StagedUploadParameter: propertyResolvers("name", "value"),
};
