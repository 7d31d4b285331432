/**
 * The handles of Plume's Flow extensions, one source for the code and the toml check
 * (test/integration/extensions-toml.test.ts reads extensions/*\/shopify.extension.toml against these).
 * A handle is at most 30 characters of letters, digits and hyphens, and never changes once deployed.
 */
export const FLOW_ACTION_HANDLE = "plume-generate-copy";
export const FLOW_TRIGGER_HANDLE = "plume-job-finished";

/** The Flow action's runtime path on the app (`runtime_url` = SHOPIFY_APP_URL + this). */
export const FLOW_ACTION_PATH = "/flow/actions/generate";

/**
 * The Flow action's own fields (the product comes as `product_id` from its product_reference field).
 * Version 1 of the action had only the product; `fields` and `apply_without_review` came in version 2,
 * and runs of workflows saved with version 1 still post without them.
 */
export const FLOW_ACTION_FIELD_KEYS = { fields: "fields", applyWithoutReview: "apply_without_review" } as const;

/**
 * The trigger's fields, as Flow names them in the payload: a trigger field key is letters and spaces only
 * (Shopify CLI refuses anything else), and every field defined is required in the payload.
 */
export const FLOW_TRIGGER_FIELD_KEYS = {
  jobId: "Job id",
  jobUrl: "Job url",
  status: "Job status",
  products: "Products",
  completed: "Products completed",
  failed: "Products failed",
  costUsd: "Cost in USD",
} as const;

/** flowTriggerReceive refuses a payload over 50 KB (Shopify's Flow trigger reference). */
export const FLOW_TRIGGER_PAYLOAD_LIMIT_BYTES = 50_000;

/** The app's handle in shopify.app.toml: the admin's URL of an app page is /store/<store>/apps/<handle>/… */
export const APP_HANDLE = "plume-product-copy";
