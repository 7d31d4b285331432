/**
 * What the admin UI extensions (extensions/plume-admin-*) and their backend routes
 * (app/routes/api.extension.*) exchange. Types only, no runtime imports: the extensions
 * import them with `import type`, so nothing of the app is bundled into them.
 */
import type { CopyField } from "~/copy/types";
import type { BudgetPosition, JobEstimate, JobMode, JobStatus } from "~/jobs/types";

/** Every refusal: a code the extensions word from `errors.<code>` (en, fr), with numbers in `params`. */
export interface ExtensionErrorBody {
  ok: false;
  error: string;
  errors: Record<string, string>;
  params: Record<string, string | number>;
}

/** GET /api/extension/jobs: the choices a bulk job takes, with the shop's defaults. */
export interface BulkFormBody {
  ok: true;
  fields: CopyField[];
  defaults: { fields: CopyField[]; locales: string[]; mode: JobMode };
  model: { backendId: string; modelId: string };
  backends: Array<{ id: string; label: string; suggestedModels: string[]; ready: boolean }>;
}

/** POST /api/extension/estimate: the estimate, and whether the budget lets the job start (with the numbers). */
export interface EstimateBody {
  ok: true;
  estimate: JobEstimate;
  budget: BudgetPosition | null;
  refusal:
    | { code: "budget_exceeded"; numbers: { capMicros: number; spentMicros: number; reservedByOtherJobsMicros: number; estimateMicros: number; scope: "shop" | "operator" } }
    | { code: "unpriced_model"; backendId: string; modelId: string }
    | null;
}

/** POST /api/extension/jobs (201): the job, and its page in the app. */
export interface StartedJobBody {
  ok: true;
  job: { id: string; status: JobStatus; total: number; mode: JobMode };
  /** the job's page, relative to the app's URL (an `app:` link in the admin) */
  jobPath: string;
}

/** One field of one product: what Shopify holds now and what Plume proposes (pending review). */
export interface ProductCopyRow {
  proposalId: string;
  field: CopyField;
  locale: string;
  resourceId: string;
  /** for alt text: the image's place among the product's media */
  imagePosition: number | null;
  /** plain text, as the merchant reads it (descriptions without markup) */
  current: string;
  proposed: string;
  /** check codes the proposal carries (copy.issues.<code> in the app's words) */
  warnings: string[];
}

/** GET /api/extension/product/:id, and the answer to each POST. */
export interface ProductCopyBody {
  ok: true;
  product: { id: string; title: string };
  /** what a generation writes: the shop's copy settings, in the store's main language */
  settings: { fields: CopyField[]; locale: string; writePolicy: "fill_blanks" | "overwrite" };
  rows: ProductCopyRow[];
  /** the product's page in the app, relative to the app's URL */
  productPath: string;
  /** after a generation: whether it wrote proposals, and why not */
  generated?: { ok: boolean; error: string | null; rejected: number };
  /** after an apply: what happened to each proposal */
  applied?: Array<{ proposalId: string; field: CopyField; status: "written" | "skipped" | "refused" | "failed"; reason: string | null }>;
}
