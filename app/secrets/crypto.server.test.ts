import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createKeyring, openSecret, sealSecret, SecretDecryptionError } from "./crypto.server";

const keyA = randomBytes(32).toString("base64");
const keyB = randomBytes(32).toString("base64");
const owner = { shop: "a.myshopify.com", purpose: "backend:openai" };

describe("secret sealing", () => {
  it("round-trips and never contains the plaintext", () => {
    const keyring = createKeyring({ version: 1, key: keyA });
    const sealed = sealSecret(keyring, owner, "sk-live-very-secret-1234");
    expect(sealed.sealed).not.toContain("sk-live");
    expect(Buffer.from(sealed.sealed, "base64").toString("latin1")).not.toContain("very-secret");
    expect(openSecret(keyring, owner, sealed)).toBe("sk-live-very-secret-1234");
  });

  it("refuses a ciphertext moved to another shop or another backend", () => {
    const keyring = createKeyring({ version: 1, key: keyA });
    const sealed = sealSecret(keyring, owner, "sk-1");
    expect(() => openSecret(keyring, { ...owner, shop: "b.myshopify.com" }, sealed)).toThrow(SecretDecryptionError);
    expect(() => openSecret(keyring, { ...owner, purpose: "backend:anthropic" }, sealed)).toThrow(SecretDecryptionError);
  });

  it("refuses a tampered ciphertext", () => {
    const keyring = createKeyring({ version: 1, key: keyA });
    const sealed = sealSecret(keyring, owner, "sk-1");
    const bytes = Buffer.from(sealed.sealed, "base64");
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0x01;
    expect(() => openSecret(keyring, owner, { ...sealed, sealed: bytes.toString("base64") })).toThrow(SecretDecryptionError);
    expect(() => openSecret(keyring, owner, { ...sealed, keyVersion: 2 })).toThrow(SecretDecryptionError);
  });

  it("rotates: new writes use the new key, old rows still open", () => {
    const before = createKeyring({ version: 1, key: keyA });
    const old = sealSecret(before, owner, "sk-old");
    const after = createKeyring({ version: 2, key: keyB }, [{ version: 1, key: keyA }]);
    expect(openSecret(after, owner, old)).toBe("sk-old");
    const fresh = sealSecret(after, owner, "sk-new");
    expect(fresh.keyVersion).toBe(2);
    expect(() => openSecret(before, owner, fresh)).toThrow(SecretDecryptionError);
  });
});
