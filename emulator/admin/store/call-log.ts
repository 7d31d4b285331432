/**
 * Counts of Admin GraphQL calls per shop, so tests and benchmarks can assert how
 * many requests a flow made, which operations it used and how often it was
 * throttled.
 */

export type CallOutcome = "ok" | "throttled" | "maxCostExceeded" | "invalid" | "unauthorized";

export interface CallRecordInput {
  readonly operationName: string | null;
  readonly rootFields: readonly string[];
  readonly outcome: CallOutcome;
  readonly requestedCost: number;
  readonly actualCost: number;
  /** Whether the call was a mutation; unknown (a request that never parsed) counts as a query. */
  readonly operationType?: "query" | "mutation";
}

export interface ShopCallCounts {
  total: number;
  ok: number;
  throttled: number;
  maxCostExceeded: number;
  invalid: number;
  unauthorized: number;
  requestedCost: number;
  actualCost: number;
  byOperationName: Record<string, number>;
  byRootField: Record<string, number>;
  /** The mutations among them (benchmarks bound a job's write time by their requested cost). */
  mutations: { total: number; requestedCost: number; actualCost: number };
}

function emptyCounts(): ShopCallCounts {
  return { total: 0, ok: 0, throttled: 0, maxCostExceeded: 0, invalid: 0, unauthorized: 0, requestedCost: 0, actualCost: 0, byOperationName: {}, byRootField: {}, mutations: { total: 0, requestedCost: 0, actualCost: 0 } };
}

const ANONYMOUS = "(anonymous)";

export class CallLog {
  private readonly shops = new Map<string, ShopCallCounts>();

  record(shop: string, call: CallRecordInput): void {
    let counts = this.shops.get(shop);
    if (!counts) {
      counts = emptyCounts();
      this.shops.set(shop, counts);
    }
    counts.total += 1;
    counts[call.outcome] += 1;
    counts.requestedCost += call.requestedCost;
    counts.actualCost += call.actualCost;
    const name = call.operationName ?? ANONYMOUS;
    counts.byOperationName[name] = (counts.byOperationName[name] ?? 0) + 1;
    for (const field of call.rootFields) counts.byRootField[field] = (counts.byRootField[field] ?? 0) + 1;
    if (call.operationType === "mutation") {
      counts.mutations.total += 1;
      counts.mutations.requestedCost += call.requestedCost;
      counts.mutations.actualCost += call.actualCost;
    }
  }

  forShop(shop: string): ShopCallCounts {
    return structuredClone(this.shops.get(shop) ?? emptyCounts());
  }

  all(): Record<string, ShopCallCounts> {
    return Object.fromEntries([...this.shops].map(([shop, counts]) => [shop, structuredClone(counts)]));
  }

  reset(shop?: string): void {
    if (shop) this.shops.delete(shop);
    else this.shops.clear();
  }
}
