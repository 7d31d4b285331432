/**
 * How the emulated model behaves: `friendly` (a careful model, the default) or
 * one of the adversarial modes that misbehave the way real models do, so the
 * checks that run after the model can be tested. Chosen per request (header
 * `x-emulator-behaviour`), per API key (a key ending `-obedient`, `-sloppy`,
 * `-hallucinating` or `-friendly`), or through the control API (the next N
 * requests, or a default for all).
 */
import { z } from "zod";
import type { ProviderId } from "../options";

export const behaviourModes = ["friendly", "obedient", "sloppy", "hallucinating"] as const;
export const behaviourModeSchema = z.enum(behaviourModes);
export type BehaviourMode = z.infer<typeof behaviourModeSchema>;

export const BEHAVIOUR_HEADER = "x-emulator-behaviour";

export const behaviourSettingSchema = z
  .object({
    mode: behaviourModeSchema,
    /** Omitted: the mode becomes the default for every later request (until reset). */
    times: z.number().int().min(1).optional(),
    provider: z.enum(["openai", "anthropic", "gemini", "mistral", "ollama", "compatible"]).optional(),
  })
  .strict();
export type BehaviourSetting = z.input<typeof behaviourSettingSchema>;

/** A key with a mode suffix ("sk-emulated-openai-obedient"): the key to check, and the mode. */
export function splitKeyMode(key: string): { key: string; mode: BehaviourMode | undefined } {
  for (const mode of behaviourModes) {
    if (key.endsWith(`-${mode}`)) return { key: key.slice(0, -(mode.length + 1)), mode };
  }
  return { key, mode: undefined };
}

export interface BehaviourController {
  set(setting: BehaviourSetting): void;
  /** Back to friendly for every request. */
  clear(): void;
  current(): { default: BehaviourMode; pending: { mode: BehaviourMode; times: number; provider?: ProviderId }[] };
}

export class BehaviourState implements BehaviourController {
  private defaultMode: BehaviourMode = "friendly";
  private pending: { mode: BehaviourMode; times: number; provider?: ProviderId }[] = [];

  set(setting: BehaviourSetting): void {
    const parsed = behaviourSettingSchema.parse(setting);
    if (parsed.times === undefined) this.defaultMode = parsed.mode;
    else this.pending.push({ mode: parsed.mode, times: parsed.times, ...(parsed.provider === undefined ? {} : { provider: parsed.provider }) });
  }

  clear(): void {
    this.defaultMode = "friendly";
    this.pending = [];
  }

  current(): ReturnType<BehaviourController["current"]> {
    return { default: this.defaultMode, pending: this.pending.map((entry) => ({ ...entry })) };
  }

  /** Header, then key suffix, then the oldest pending setting for this provider, then the default. */
  resolve(provider: ProviderId, header: string | undefined, keyMode: BehaviourMode | undefined): BehaviourMode {
    const fromHeader = behaviourModeSchema.safeParse(header?.trim().toLowerCase());
    if (fromHeader.success) return fromHeader.data;
    if (keyMode !== undefined) return keyMode;
    const index = this.pending.findIndex((entry) => entry.provider === undefined || entry.provider === provider);
    const entry = this.pending[index];
    if (entry !== undefined) {
      entry.times -= 1;
      if (entry.times <= 0) this.pending.splice(index, 1);
      return entry.mode;
    }
    return this.defaultMode;
  }
}
