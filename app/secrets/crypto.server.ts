import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * AES-256-GCM for secrets at rest (merchants' API keys). Each ciphertext is
 * bound to its owner as associated data — shop + backend — so a row copied to
 * another shop or another backend fails to decrypt, and carries the version of
 * the key that sealed it, so keys can be rotated: new writes use the current
 * version, old rows still open with the older key until re-sealed.
 */
export interface Keyring {
  currentVersion: number;
  keys: ReadonlyMap<number, Buffer>;
}

export interface SealedSecret {
  keyVersion: number;
  /** base64 of iv (12 bytes) ‖ auth tag (16 bytes) ‖ ciphertext */
  sealed: string;
}

export interface SecretOwner {
  shop: string;
  purpose: string;
}

export class SecretDecryptionError extends Error {
  override name = "SecretDecryptionError";
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

function associatedData(owner: SecretOwner, keyVersion: number): Buffer {
  return Buffer.from(JSON.stringify(["plume-secret-v1", owner.shop, owner.purpose, keyVersion]), "utf8");
}

export function createKeyring(current: { version: number; key: string }, older: Array<{ version: number; key: string }> = []): Keyring {
  const keys = new Map<number, Buffer>();
  for (const entry of [...older, current]) {
    const key = Buffer.from(entry.key, "base64");
    if (key.length !== 32) throw new Error(`encryption key version ${entry.version} must be 32 bytes`);
    keys.set(entry.version, key);
  }
  return { currentVersion: current.version, keys };
}

export function sealSecret(keyring: Keyring, owner: SecretOwner, plaintext: string): SealedSecret {
  const key = keyring.keys.get(keyring.currentVersion);
  if (!key) throw new Error("the current encryption key version has no key");
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(associatedData(owner, keyring.currentVersion));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return { keyVersion: keyring.currentVersion, sealed: Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64") };
}

export function openSecret(keyring: Keyring, owner: SecretOwner, secret: SealedSecret): string {
  const key = keyring.keys.get(secret.keyVersion);
  if (!key) throw new SecretDecryptionError(`no key for version ${secret.keyVersion}`);
  const bytes = Buffer.from(secret.sealed, "base64");
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new SecretDecryptionError("sealed secret is truncated");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(associatedData(owner, secret.keyVersion));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch (error) {
    // GCM authentication failed: tampered, or sealed for another owner or key.
    throw new SecretDecryptionError("secret failed authentication", { cause: error });
  }
}

/** What the browser may see of a secret: its last four characters. */
export function lastFour(plaintext: string): string {
  return plaintext.slice(-4);
}
