import pino from "pino";

/**
 * Structured logs. Redaction is configuration, not discipline: any field with
 * one of these names is replaced wherever it appears, so a token or key that
 * slips into a log object never reaches the output.
 */
export const REDACTED_PATHS = [
  "accessToken",
  "*.accessToken",
  "refreshToken",
  "*.refreshToken",
  "apiKey",
  "*.apiKey",
  "apiSecret",
  "*.apiSecret",
  "apiSecretKey",
  "*.apiSecretKey",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "headers.cookie",
  "*.headers.authorization",
  "*.headers.cookie",
  "headers['x-shopify-access-token']",
  "*.headers['x-shopify-access-token']",
  "id_token",
  "*.id_token",
  "sessionToken",
  "*.sessionToken",
  "secret",
  "*.secret",
  "password",
  "*.password",
  "ciphertext",
  "*.ciphertext",
];

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}) {
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? "info",
      base: { app: "plume" },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}

export type Logger = ReturnType<typeof createLogger>;

export const logger: Logger = createLogger();
