/** URL paths the emulator serves besides Shopify's own, shared by resolvers that hand out URLs and the router. */
export const CONTROL_PREFIX = "/__emulator";
export const STAGED_UPLOAD_PATH = `${CONTROL_PREFIX}/staged-uploads`;
export const BULK_RESULTS_PATH = `${CONTROL_PREFIX}/bulk-results`;
