import { InMemoryAdminCostGate, type AdminCostGate } from "./admin-cost-gate";
import { CostEstimates } from "./cost-estimates";
import { InMemoryProviderGate, type ProviderGate } from "./provider-gate";

/**
 * The process's gates. In memory: right for one process (the embedded default). Several workers need them shared
 * (Redis) behind the same interfaces; they are set here once at start-up with usePacingGates.
 */
let adminGate: AdminCostGate = new InMemoryAdminCostGate();
let providerGate: ProviderGate = new InMemoryProviderGate();
const estimates = new CostEstimates();

export function adminCostGate(): AdminCostGate {
  return adminGate;
}

export function providerPacingGate(): ProviderGate {
  return providerGate;
}

export function adminCostEstimates(): CostEstimates {
  return estimates;
}

export function usePacingGates(gates: { admin?: AdminCostGate; provider?: ProviderGate }): void {
  if (gates.admin) adminGate = gates.admin;
  if (gates.provider) providerGate = gates.provider;
}
