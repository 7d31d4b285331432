/**
 * Shopify session tokens: JWTs signed HS256 with the app's secret, audience =
 * the app's API key, `dest` = https://<shop>. Verified with node:crypto; `exp`
 * and `nbf` get a few seconds of leeway for clock skew, like Shopify's own
 * libraries allow.
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { z } from "zod";

export const CLOCK_LEEWAY_SECONDS = 5;

export const sessionTokenPayloadSchema = z.object({
  iss: z.string(),
  dest: z.string(),
  aud: z.string(),
  sub: z.string().optional(),
  exp: z.number(),
  nbf: z.number(),
  iat: z.number(),
  jti: z.string(),
  sid: z.string().optional(),
  sig: z.string().optional(),
});
export type SessionTokenPayload = z.infer<typeof sessionTokenPayloadSchema>;

const headerSchema = z.object({ alg: z.string(), typ: z.string().optional() });

function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString("base64url");
}

function signature(signingInput: string, secret: string): Buffer {
  return createHmac("sha256", secret).update(signingInput, "utf8").digest();
}

export function signSessionToken(payload: SessionTokenPayload, secret: string): string {
  const signingInput = `${base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${base64url(JSON.stringify(payload))}`;
  return `${signingInput}.${base64url(signature(signingInput, secret))}`;
}

export interface IssueSessionTokenInput {
  readonly shop: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly nowMs: number;
  readonly userId?: number | undefined;
  readonly lifetimeSeconds?: number | undefined;
}

/** A token shaped like the ones App Bridge hands an embedded app (one minute lifetime). */
export function issueSessionToken(input: IssueSessionTokenInput): string {
  const now = Math.floor(input.nowMs / 1000);
  return signSessionToken(
    {
      iss: `https://${input.shop}/admin`,
      dest: `https://${input.shop}`,
      aud: input.apiKey,
      sub: String(input.userId ?? 1),
      exp: now + (input.lifetimeSeconds ?? 60),
      nbf: now,
      iat: now,
      jti: randomUUID(),
      sid: randomUUID(),
    },
    input.apiSecret,
  );
}

export type SessionTokenCheck = { readonly ok: true; readonly payload: SessionTokenPayload } | { readonly ok: false; readonly reason: string };

export function verifySessionToken(token: string, options: { readonly secret: string; readonly audience: string; readonly nowMs: number }): SessionTokenCheck {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "malformed token" };
  const [encodedHeader, encodedPayload, encodedSignature] = parts as [string, string, string];
  let header: z.infer<typeof headerSchema>;
  let payload: SessionTokenPayload;
  try {
    header = headerSchema.parse(JSON.parse(Buffer.from(encodedHeader, "base64url").toString("utf8")));
    payload = sessionTokenPayloadSchema.parse(JSON.parse(Buffer.from(encodedPayload, "base64url").toString("utf8")));
  } catch {
    return { ok: false, reason: "malformed token" };
  }
  if (header.alg !== "HS256") return { ok: false, reason: `unsupported algorithm ${header.alg}` };
  const expected = signature(`${encodedHeader}.${encodedPayload}`, options.secret);
  const given = Buffer.from(encodedSignature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "signature verification failed" };
  const now = options.nowMs / 1000;
  if (payload.exp + CLOCK_LEEWAY_SECONDS < now) return { ok: false, reason: "token expired" };
  if (payload.nbf - CLOCK_LEEWAY_SECONDS > now) return { ok: false, reason: "token not yet valid" };
  if (payload.aud !== options.audience) return { ok: false, reason: "token audience does not match the client" };
  return { ok: true, payload };
}
