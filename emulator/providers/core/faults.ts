/**
 * Injected faults: the next N matching model requests fail the way the real
 * provider fails. Each surface turns a fault kind into its own error shape.
 */
import { z } from "zod";
import { providerIdSchema, type ProviderId } from "../options";

export const faultKinds = [
  "rate_limit",
  "server_error",
  "unavailable",
  "overloaded",
  "timeout",
  "malformed_json",
  "refusal",
  "insufficient_quota",
  "spend_limit",
  "billing",
  "daily_quota",
] as const;
export const faultKindSchema = z.enum(faultKinds);
export type FaultKind = z.infer<typeof faultKindSchema>;
/** Faults about the account (credit, spend limit, billing, daily quota): retrying cannot help. */
export const accountFaultKinds = ["insufficient_quota", "spend_limit", "billing", "daily_quota"] as const satisfies readonly FaultKind[];
export type AccountFaultKind = (typeof accountFaultKinds)[number];
export function isAccountFault(kind: FaultKind): kind is AccountFaultKind {
  return (accountFaultKinds as readonly FaultKind[]).includes(kind);
}

export const faultSchema = z
  .object({
    /** Omitted: the fault applies to whichever provider is called next. */
    provider: providerIdSchema.optional(),
    kind: faultKindSchema,
    times: z.number().int().min(1).default(1),
    /** Small by default so SDK retries in tests stay fast; real providers say 1–60 s. */
    retryAfterSeconds: z.number().min(0).default(1),
  })
  .strict();
export type Fault = z.input<typeof faultSchema>;
export type PendingFault = z.output<typeof faultSchema>;

/** What a request that matched a fault must do. */
export interface TriggeredFault {
  kind: FaultKind;
  retryAfterSeconds: number;
}

export interface FaultController {
  inject(fault: Fault): void;
  clear(): void;
  /** Faults still waiting, with how many requests each will still fail. */
  pending(): readonly PendingFault[];
}

export class FaultQueue implements FaultController {
  private queue: PendingFault[] = [];

  inject(fault: Fault): void {
    this.queue.push(faultSchema.parse(fault));
  }

  clear(): void {
    this.queue = [];
  }

  pending(): readonly PendingFault[] {
    return this.queue.map((fault) => ({ ...fault }));
  }

  /** Consumes one use of the oldest fault matching the provider. */
  take(provider: ProviderId): TriggeredFault | undefined {
    const index = this.queue.findIndex((fault) => fault.provider === undefined || fault.provider === provider);
    const fault = this.queue[index];
    if (fault === undefined) return undefined;
    fault.times -= 1;
    if (fault.times <= 0) this.queue.splice(index, 1);
    return { kind: fault.kind, retryAfterSeconds: fault.retryAfterSeconds };
  }
}
