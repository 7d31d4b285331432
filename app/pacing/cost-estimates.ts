/**
 * What an Admin call will cost, before it is sent: Shopify reports the
 * requested cost of each operation in its answer, so the estimate of an
 * operation is the last requested cost seen for it. Before the first answer:
 * a mutation costs 10 points (Shopify's documented mutation cost), a query the
 * default below — a guess the first answer corrects.
 */
export const MUTATION_COST_ESTIMATE = 10;
export const QUERY_COST_ESTIMATE = 50;

export class CostEstimates {
  private readonly requested = new Map<string, number>();

  get(operation: string, kind: "query" | "mutation"): number {
    return this.requested.get(operation) ?? (kind === "mutation" ? MUTATION_COST_ESTIMATE : QUERY_COST_ESTIMATE);
  }

  learn(operation: string, requestedQueryCost: number): void {
    if (Number.isFinite(requestedQueryCost) && requestedQueryCost >= 0) this.requested.set(operation, requestedQueryCost);
  }
}
