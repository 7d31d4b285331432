import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.server";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { logger: createLogger({ level: "info", destination }), lines };
}

describe("logger", () => {
  it("redacts tokens, keys and secrets wherever they sit in a log object", () => {
    const { logger, lines } = capture();
    const secrets = ["shpat_live_123", "shprt_456", "sk-openai-789", "eyJhbGciOi.session.token", "Bearer abc.def.ghi", "hunter2"];
    logger.info(
      {
        accessToken: secrets[0],
        session: { refreshToken: secrets[1], shop: "a.myshopify.com" },
        backend: { apiKey: secrets[2] },
        id_token: secrets[3],
        headers: { authorization: secrets[4], "x-shopify-access-token": secrets[0] },
        request: { headers: { authorization: secrets[4] } },
        settings: { password: secrets[5] },
      },
      "calling the Admin API",
    );
    const output = lines.join("");
    for (const secret of secrets) expect(output).not.toContain(secret);
    expect(output).toContain("a.myshopify.com");
    expect(output).toContain("[redacted]");
  });
});
