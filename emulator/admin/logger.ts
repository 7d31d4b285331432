/**
 * A leveled logger that writes straight to the process streams. It never goes
 * through console.error: the repository's test setup fails any test that calls
 * it, and an emulator logging a 4xx it was asked to produce is not a bug.
 */
import type { LogLevel } from "./options";

const ORDER: Readonly<Record<LogLevel, number>> = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 };

export interface Logger {
  error(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  info(message: string, details?: Record<string, unknown>): void;
  debug(message: string, details?: Record<string, unknown>): void;
}

export function createLogger(level: LogLevel): Logger {
  const write = (at: Exclude<LogLevel, "silent">, message: string, details?: Record<string, unknown>): void => {
    if (ORDER[at] > ORDER[level]) return;
    const line = `[admin-emulator] ${at} ${message}${details ? ` ${JSON.stringify(details)}` : ""}\n`;
    (at === "error" || at === "warn" ? process.stderr : process.stdout).write(line);
  };
  return {
    error: (message, details) => write("error", message, details),
    warn: (message, details) => write("warn", message, details),
    info: (message, details) => write("info", message, details),
    debug: (message, details) => write("debug", message, details),
  };
}
