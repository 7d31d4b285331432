/**
 * Access and refresh tokens. Tokens belong to one shop: presenting shop A's
 * token to shop B fails exactly like an unknown token does on Shopify.
 *
 * Refresh rotation follows Shopify's behaviour for expiring offline tokens:
 * each refresh returns a new refresh token, and the previous refresh token stays
 * usable until the new access token is first used (so a lost refresh response
 * can be retried).
 */
import { randomBytes } from "node:crypto";

export interface AccessTokenRecord {
  readonly token: string;
  readonly shop: string;
  readonly scopes: string;
  readonly online: boolean;
  readonly userId: number | null;
  readonly issuedAt: number;
  /** Null for non-expiring offline tokens. */
  readonly expiresAt: number | null;
  firstUsedAt: number | null;
  /** Refresh tokens to retire when this access token is first used. */
  readonly supersedes: readonly string[];
}

export interface RefreshTokenRecord {
  readonly token: string;
  readonly shop: string;
  readonly scopes: string;
  readonly expiresAt: number;
}

export interface IssueAccessTokenInput {
  readonly shop: string;
  readonly scopes: string;
  readonly online: boolean;
  readonly userId?: number | null;
  readonly expiresInSeconds?: number | null;
  readonly supersedes?: readonly string[];
}

/** Offline expiring tokens last an hour; refresh tokens 90 days (Shopify's figures). */
export const EXPIRING_OFFLINE_TOKEN_SECONDS = 3600;
export const REFRESH_TOKEN_SECONDS = 90 * 24 * 3600;
/** Online tokens live for about a day (Shopify returns expires_in 86399). */
export const ONLINE_TOKEN_SECONDS = 86399;

function opaqueToken(prefix: string): string {
  return `${prefix}${randomBytes(16).toString("hex")}`;
}

export class AccessTokenRegistry {
  private readonly accessTokens = new Map<string, AccessTokenRecord>();
  private readonly refreshTokens = new Map<string, RefreshTokenRecord>();

  constructor(private readonly now: () => number) {}

  issueAccessToken(input: IssueAccessTokenInput): AccessTokenRecord {
    const issuedAt = this.now();
    const record: AccessTokenRecord = {
      token: opaqueToken(input.online ? "shpua_" : "shpat_"),
      shop: input.shop,
      scopes: input.scopes,
      online: input.online,
      userId: input.userId ?? null,
      issuedAt,
      expiresAt: input.expiresInSeconds ? issuedAt + input.expiresInSeconds * 1000 : null,
      firstUsedAt: null,
      supersedes: input.supersedes ?? [],
    };
    this.accessTokens.set(record.token, record);
    return record;
  }

  issueRefreshToken(shop: string, scopes: string): RefreshTokenRecord {
    const record: RefreshTokenRecord = {
      token: opaqueToken("shprt_"),
      shop,
      scopes,
      expiresAt: this.now() + REFRESH_TOKEN_SECONDS * 1000,
    };
    this.refreshTokens.set(record.token, record);
    return record;
  }

  /** The token if it exists, belongs to `shop` and has not expired. */
  authenticate(token: string, shop: string): AccessTokenRecord | undefined {
    const record = this.accessTokens.get(token);
    if (!record || record.shop !== shop) return undefined;
    if (record.expiresAt !== null && record.expiresAt <= this.now()) return undefined;
    if (record.firstUsedAt === null) {
      record.firstUsedAt = this.now();
      for (const retired of record.supersedes) this.refreshTokens.delete(retired);
    }
    return record;
  }

  findRefreshToken(token: string, shop: string): RefreshTokenRecord | undefined {
    const record = this.refreshTokens.get(token);
    if (!record || record.shop !== shop || record.expiresAt <= this.now()) return undefined;
    return record;
  }

  revoke(token: string): void {
    this.accessTokens.delete(token);
  }

  revokeShop(shop: string): void {
    for (const [token, record] of this.accessTokens) if (record.shop === shop) this.accessTokens.delete(token);
    for (const [token, record] of this.refreshTokens) if (record.shop === shop) this.refreshTokens.delete(token);
  }

  clear(): void {
    this.accessTokens.clear();
    this.refreshTokens.clear();
  }
}
