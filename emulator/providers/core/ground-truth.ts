/**
 * What the adversarial modes did, per model request: which values carry an
 * injected violation, which sentences were invented. Kept by the emulator for an
 * evaluation to score Plume's checks against; `GET /__emulator/ground-truth`.
 */
import type { GroundTruthValue } from "../content/adversarial";
import type { ProviderId } from "../options";
import type { BehaviourMode } from "./behaviour";

export interface GroundTruthEntry {
  /** The request's sequence in the request log. */
  sequence: number;
  provider: ProviderId;
  model: string;
  mode: BehaviourMode;
  /** The product title as the emulated model read it (cleaned). */
  productTitle: string;
  /** The locale the prompt asked for. */
  requestedLocale: string;
  /** "length" when the reply reports it was cut at the token limit. */
  finish: "stop" | "length";
  values: GroundTruthValue[];
}

export class GroundTruthLog {
  /** The same array for the emulator's lifetime. */
  readonly entries: GroundTruthEntry[] = [];

  record(entry: GroundTruthEntry): void {
    this.entries.push(entry);
  }

  clear(): void {
    this.entries.splice(0, this.entries.length);
  }
}
