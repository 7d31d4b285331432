/**
 * The two file endpoints bulk operations need, standing in for Google Cloud
 * Storage: the form-POST upload target from `stagedUploadsCreate`, and the
 * JSONL result download behind `BulkOperation.url` / `partialDataUrl`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorStore } from "../store/emulator-store";
import { BULK_MUTATION_FILE_MAX_BYTES, type StagedUpload } from "../store/bulk-operations";
import { headerValue, HttpError, readBody, sendText } from "../http/http-util";

function xmlError(status: number, code: string, message: string): HttpError {
  return new HttpError(status, `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message></Error>`, {
    "Content-Type": "application/xml; charset=UTF-8",
  });
}

function findUpload(store: EmulatorStore, key: string): StagedUpload | undefined {
  for (const shop of store.shops.values()) {
    const upload = shop.bulk.stagedUploads.get(key);
    if (upload) return upload;
  }
  return undefined;
}

/** Multipart form POST, as to a signed GCS policy URL; answers 201 like `success_action_status=201`. */
export async function handleStagedUpload(request: IncomingMessage, response: ServerResponse, store: EmulatorStore): Promise<void> {
  const contentType = headerValue(request, "content-type") ?? "";
  if (!contentType.includes("multipart/form-data")) throw xmlError(400, "InvalidArgument", "Uploads must be multipart/form-data form POSTs.");
  const body = await readBody(request);
  let form: FormData;
  try {
    // undici (Node's fetch) parses multipart bodies; no hand-written parser needed.
    form = await new Request("http://staged-upload.local/", { method: "POST", headers: { "content-type": contentType }, body: new Uint8Array(body) }).formData();
  } catch {
    throw xmlError(400, "InvalidArgument", "The multipart body could not be parsed.");
  }
  const key = form.get("key");
  const signature = form.get("x-goog-signature");
  const file = form.get("file");
  if (typeof key !== "string" || typeof signature !== "string") throw xmlError(400, "InvalidArgument", "The key and x-goog-signature fields are required.");
  const upload = findUpload(store, key);
  if (!upload || upload.signature !== signature) throw xmlError(403, "AccessDenied", "Invalid policy or signature for this key.");
  if (file === null) throw xmlError(400, "InvalidArgument", "The file field is required and must come last.");
  const contents = typeof file === "string" ? file : await file.text();
  const size = Buffer.byteLength(contents, "utf8");
  // The signed policy's content-length-range caps the file itself (the body limit also counts the form around it).
  if (size > BULK_MUTATION_FILE_MAX_BYTES) {
    throw new HttpError(
      400,
      `<?xml version='1.0' encoding='UTF-8'?><Error><Code>EntityTooLarge</Code><Message>Your proposed upload exceeds the maximum allowed size</Message><ProposedSize>${size}</ProposedSize><MaxSizeAllowed>${BULK_MUTATION_FILE_MAX_BYTES}</MaxSizeAllowed></Error>`,
      { "Content-Type": "application/xml; charset=UTF-8" },
    );
  }
  upload.contents = contents;
  const location = `${store.baseUrl}/__emulator/staged-uploads/${encodeURI(key)}`;
  sendText(
    response,
    201,
    `<?xml version="1.0" encoding="UTF-8"?><PostResponse><Location>${location}</Location><Bucket>shopify-staged-uploads</Bucket><Key>${key}</Key><ETag>"${upload.signature.slice(0, 32)}"</ETag></PostResponse>`,
    "application/xml; charset=UTF-8",
    { Location: location },
  );
}

/** GET /__emulator/bulk-results/<shop>/<id>[-partial].jsonl */
export function handleBulkResult(response: ServerResponse, store: EmulatorStore, shopDomain: string, fileName: string): void {
  const match = /^(\d+)(-partial)?\.jsonl$/.exec(fileName);
  const shop = store.getShop(shopDomain);
  const operation = match?.[1] ? shop?.bulk.get(Number(match[1])) : undefined;
  const contents = match?.[2] ? operation?.partialResult : operation?.result;
  if (contents === null || contents === undefined) throw xmlError(404, "NoSuchKey", "The specified key does not exist.");
  sendText(response, 200, contents, "application/jsonl");
}
