import { z } from "zod";
import { env } from "~/config/env.server";
import { createKeyring } from "~/secrets/crypto.server";
import type { ConnectionEnvironment } from "./connections.server";
import { BackendRegistry, extraBackendSchema } from "./registry";

/**
 * The model layer as configured by the operator: which backends exist
 * (shipped + PLUME_EXTRA_BACKENDS), the encryption keyring, the endpoint
 * allow-list and operator keys. Built once per process.
 */
let registry: BackendRegistry | undefined;
let connections: ConnectionEnvironment | undefined;

export function modelRegistry(): BackendRegistry {
  if (!registry) {
    const extras = z.array(extraBackendSchema).parse(JSON.parse(env().PLUME_EXTRA_BACKENDS));
    registry = BackendRegistry.withExtras(extras);
  }
  return registry;
}

export function connectionEnvironment(): ConnectionEnvironment {
  if (!connections) {
    const environment = env();
    connections = {
      keyring: createKeyring({ version: environment.PLUME_ENCRYPTION_KEY_VERSION, key: environment.PLUME_ENCRYPTION_KEY }, environment.PLUME_ENCRYPTION_KEYS_OLD),
      endpointPolicy: { allowedHosts: environment.PLUME_ALLOWED_MODEL_HOSTS },
      operatorKeys: environment.PLUME_OPERATOR_KEYS,
      operatorMonthlyCapMicros: environment.PLUME_OPERATOR_MONTHLY_CAP_USD,
    };
  }
  return connections;
}
