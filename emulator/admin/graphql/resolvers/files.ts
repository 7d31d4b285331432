/**
 * `fileUpdate(files:)` for alt text, the non-deprecated way to change a product
 * image's alt in 2026-10. Alt text is limited to 512 characters
 * (FilesErrorCode.ALT_VALUE_LIMIT_EXCEEDED). The whole batch is rejected if
 * any file fails validation.
 */
import { z } from "zod";
import { typeResolvers, writeVia, type ResolverMap } from "../context";
import { notEmulatedInputError } from "../errors";
import { userError, type UserErrorValue } from "./user-errors";
import { parseGlobalId, type MediaImageRecord } from "../../store/records";

export const ALT_TEXT_MAX_LENGTH = 512;

const fileUpdateInputSchema = z.object({
  id: z.string(),
  alt: z.string().nullish(),
  filename: z.string().nullish(),
  originalSource: z.string().nullish(),
  previewImageSource: z.string().nullish(),
  referencesToAdd: z.array(z.string()).nullish(),
  referencesToRemove: z.array(z.string()).nullish(),
});

const UNMODELLED: readonly (keyof z.infer<typeof fileUpdateInputSchema>)[] = ["filename", "originalSource", "previewImageSource", "referencesToAdd", "referencesToRemove"];

const mutation = typeResolvers<unknown>({
  fileUpdate: (_source, rawArgs, context) => {
    const { files } = z.object({ files: z.array(fileUpdateInputSchema) }).parse(rawArgs);
    const userErrors: UserErrorValue[] = [];
    const targets: { media: MediaImageRecord; alt: string | null | undefined }[] = [];
    files.forEach((file, index) => {
      for (const field of UNMODELLED) if (file[field] !== undefined && file[field] !== null) throw notEmulatedInputError(`FileUpdateInput.${field}`);
      const parsed = parseGlobalId(file.id);
      const media = parsed?.typeName === "MediaImage" ? context.shop.catalog.getMedia(parsed.legacyId) : undefined;
      if (!media) {
        userErrors.push(userError(["files", index, "id"], `File id ${file.id} does not exist.`, "FILE_DOES_NOT_EXIST"));
        return;
      }
      if (file.alt && file.alt.length > ALT_TEXT_MAX_LENGTH) {
        userErrors.push(userError(["files", index, "alt"], `The alt value exceeds the maximum limit of ${ALT_TEXT_MAX_LENGTH} characters.`, "ALT_VALUE_LIMIT_EXCEEDED"));
        return;
      }
      targets.push({ media, alt: file.alt });
    });
    if (userErrors.length > 0) return { files: null, userErrors };
    for (const target of targets) {
      if (target.alt !== undefined) {
        target.media.alt = target.alt;
        context.store.writes.record(context.shop.domain, { resourceId: target.media.id, field: "alt", locale: null, value: target.alt, via: writeVia(context) });
      }
      target.media.updatedAt = context.now;
    }
    return { files: targets.map((target) => target.media), userErrors: [] };
  },
});

export const fileResolvers: ResolverMap = {
  Mutation: mutation,
  FileUpdatePayload: typeResolvers<{ files: MediaImageRecord[] | null; userErrors: UserErrorValue[] }>({
    files: (source) => source.files,
    userErrors: (source) => source.userErrors,
  }),
};
