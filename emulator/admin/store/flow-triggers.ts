/**
 * Shopify Flow triggers as the emulator knows them: the app's flow_trigger extensions (handle and fields,
 * given in the options, e.g. read from extensions/*\/shopify.extension.toml), and every flowTriggerReceive call
 * it accepted, per shop, for tests and the demo to read through the control API (`GET /__emulator/flow-triggers`).
 */
export interface FlowTriggerDefinition {
  readonly handle: string;
  /** the trigger's fields: key → type (single_line_text_field, number_decimal, boolean, url, email, *_reference) */
  readonly fields: Readonly<Record<string, string>>;
}

export interface ReceivedFlowTrigger {
  readonly shop: string;
  readonly handle: string;
  readonly payload: Readonly<Record<string, unknown>>;
  /** epoch ms on the emulator's clock */
  readonly receivedAt: number;
}

export class FlowTriggerLog {
  private readonly received: ReceivedFlowTrigger[] = [];

  record(entry: ReceivedFlowTrigger): void {
    this.received.push(entry);
  }

  forShop(shop?: string): ReceivedFlowTrigger[] {
    return structuredClone(shop ? this.received.filter((entry) => entry.shop === shop) : this.received);
  }

  reset(shop?: string): void {
    if (!shop) this.received.length = 0;
    else for (let index = this.received.length - 1; index >= 0; index -= 1) if (this.received[index]!.shop === shop) this.received.splice(index, 1);
  }
}
