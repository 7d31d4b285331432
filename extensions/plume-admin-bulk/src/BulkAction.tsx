/** @jsxImportSource preact */
import type { Api } from "@shopify/ui-extensions/admin.product-index.selection-action.render";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { BulkFormBody, EstimateBody, StartedJobBody } from "../../../app/admin-extensions/contract";
import { appLink, callBackend, microsToDollars } from "../../../app/admin-extensions/client";

/**
 * "Write copy with Plume" on the product list's selection: the fields, the backend and model
 * (the shop's default first), review or auto-apply, the estimate from the app, then Start:
 * one bulk job for the selected ids (the job creates its items; nothing here loops over
 * products), and a link to the job's page.
 */
declare const shopify: Api;

type Field = BulkFormBody["fields"][number];
type Mode = BulkFormBody["defaults"]["mode"];
interface Failure {
  error: string;
  params: Record<string, string | number>;
}

const t = (key: string, options?: Record<string, string | number>) => shopify.i18n.translate(key, options);
const money = (micros: number) => shopify.i18n.formatCurrency(microsToDollars(micros), { currency: "USD" });

/** The backend's numbers, formatted as the words expect them. */
function wordParams(params: Record<string, string | number>): Record<string, string | number> {
  const out: Record<string, string | number> = { ...params };
  for (const [key, name] of [["capMicros", "cap"], ["spentMicros", "spent"], ["reservedByOtherJobsMicros", "reserved"], ["estimateMicros", "estimate"]] as const) {
    const value = params[key];
    if (typeof value === "number") out[name] = money(value);
  }
  return out;
}

export function failureWords(failure: Failure): string {
  return t(`errors.${failure.error}`, wordParams(failure.params));
}

function durationWords(seconds: number | null): string {
  if (seconds === null) return t("estimate.duration_unknown");
  if (seconds < 60) return t("estimate.duration_seconds", { count: Math.max(1, Math.round(seconds)) });
  return t("estimate.duration_minutes", { count: Math.round(seconds / 60) });
}

function modelsFor(form: BulkFormBody, backendId: string): string[] {
  const backend = form.backends.find((entry) => entry.id === backendId);
  const models = [...(backend?.suggestedModels ?? [])];
  if (backendId === form.model.backendId && !models.includes(form.model.modelId)) models.unshift(form.model.modelId);
  return models;
}

export function BulkAction() {
  const ids = shopify.data.selected.map((entry) => entry.id);
  const [form, setForm] = useState<BulkFormBody | null>(null);
  const [loadFailure, setLoadFailure] = useState<Failure | null>(null);
  const [fields, setFields] = useState<Field[]>([]);
  const [backendId, setBackendId] = useState("");
  const [modelId, setModelId] = useState("");
  const [mode, setMode] = useState<Mode>("review");
  const [estimate, setEstimate] = useState<EstimateBody | null>(null);
  const [estimating, setEstimating] = useState(false);
  const [estimateFailure, setEstimateFailure] = useState<Failure | null>(null);
  const [starting, setStarting] = useState(false);
  const [startFailure, setStartFailure] = useState<Failure | null>(null);
  const [started, setStarted] = useState<StartedJobBody | null>(null);

  useEffect(() => {
    void callBackend<BulkFormBody>("/api/extension/jobs").then((answer) => {
      if (!answer.ok) return setLoadFailure(answer);
      setForm(answer.body);
      setFields(answer.body.defaults.fields);
      setBackendId(answer.body.model.backendId);
      setModelId(answer.body.model.modelId);
      setMode(answer.body.defaults.mode);
    });
  }, []);

  const job = form && fields.length > 0 && ids.length > 0 ? { request: { fields, locales: form.defaults.locales, backendId, ...(modelId ? { modelId } : {}) }, selection: { kind: "ids" as const, ids }, mode } : null;
  const jobKey = JSON.stringify(job);

  // The estimate follows every choice; an answer to an older choice is dropped.
  useEffect(() => {
    if (!job) return setEstimate(null);
    let current = true;
    setEstimating(true);
    setEstimateFailure(null);
    const timer = setTimeout(() => {
      void callBackend<EstimateBody>("/api/extension/estimate", { method: "POST", body: job }).then((answer) => {
        if (!current) return;
        setEstimating(false);
        if (answer.ok) setEstimate(answer.body);
        else {
          setEstimate(null);
          setEstimateFailure(answer);
        }
      });
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- jobKey is the job's value
  }, [jobKey]);

  async function start() {
    if (!job) return;
    setStarting(true);
    setStartFailure(null);
    const answer = await callBackend<StartedJobBody>("/api/extension/jobs", { method: "POST", body: job });
    setStarting(false);
    if (answer.ok) setStarted(answer.body);
    else setStartFailure(answer);
  }

  const refusal = estimate?.refusal ?? null;
  const canStart = Boolean(job) && Boolean(estimate) && !refusal && !estimating && !starting && !started;

  return (
    <s-admin-action heading={t("heading")} loading={!form && !loadFailure}>
      <s-stack direction="block" gap="base">
        <s-text>{t("selected", { count: ids.length })}</s-text>
        {ids.length === 0 && <s-banner tone="warning">{t("nothing_selected")}</s-banner>}
        {loadFailure && (
          <s-banner tone="critical" heading={t("load_failed")}>
            {failureWords(loadFailure)}
          </s-banner>
        )}
        {started ? (
          <s-banner tone="success" heading={t("started.heading")}>
            <s-stack direction="block" gap="small-200">
              <s-paragraph>{t(started.job.mode === "review" ? "started.review" : "started.auto_apply", { count: started.job.total })}</s-paragraph>
              <s-link href={appLink(started.jobPath)}>{t("started.link")}</s-link>
            </s-stack>
          </s-banner>
        ) : (
          form && (
            <s-stack direction="block" gap="base">
              <s-stack direction="block" gap="small-200">
                <s-heading>{t("fields.heading")}</s-heading>
                {form.fields.map((field) => (
                  <s-checkbox
                    key={field}
                    name={field}
                    label={t(`fields.${field}`)}
                    checked={fields.includes(field)}
                    onChange={(event) => {
                      const checked = (event.currentTarget as unknown as { checked: boolean }).checked;
                      setFields((previous) => form.fields.filter((entry) => (entry === field ? checked : previous.includes(entry))));
                    }}
                  />
                ))}
                {fields.length === 0 && <s-text tone="critical">{t("fields.none")}</s-text>}
              </s-stack>
              <s-select
                label={t("backend.label")}
                name="backend"
                value={backendId}
                onChange={(event) => {
                  const value = (event.currentTarget as unknown as { value: string }).value;
                  setBackendId(value);
                  setModelId(modelsFor(form, value)[0] ?? "");
                }}
              >
                {/* Backends ready to run, and the shop's default whatever its state (its refusal is worded). */}
                {form.backends.filter((backend) => backend.ready || backend.id === form.model.backendId).map((backend) => (
                  <s-option key={backend.id} value={backend.id}>
                    {backend.ready ? backend.label : t("backend.not_ready", { label: backend.label })}
                  </s-option>
                ))}
              </s-select>
              <s-select label={t("model.label")} name="model" value={modelId} onChange={(event) => setModelId((event.currentTarget as unknown as { value: string }).value)}>
                {modelsFor(form, backendId).map((model) => (
                  <s-option key={model} value={model}>
                    {model === form.model.modelId && backendId === form.model.backendId ? t("model.default", { model }) : model}
                  </s-option>
                ))}
              </s-select>
              <s-select label={t("mode.label")} name="mode" value={mode} onChange={(event) => setMode((event.currentTarget as unknown as { value: Mode }).value)}>
                <s-option value="review">{t("mode.review")}</s-option>
                <s-option value="auto_apply">{t("mode.auto_apply")}</s-option>
              </s-select>
              <s-section heading={t("estimate.heading")}>
                {estimating && !estimate && <s-text tone="neutral">{t("estimate.working")}</s-text>}
                {estimateFailure && <s-banner tone="critical">{failureWords(estimateFailure)}</s-banner>}
                {estimate && (
                  <s-stack direction="block" gap="small-200">
                    <s-text>{estimate.estimate.costMicros === null ? t("estimate.unpriced") : t("estimate.cost", { cost: money(estimate.estimate.costMicros) })}</s-text>
                    <s-text>{durationWords(estimate.estimate.durationSeconds)}</s-text>
                    <s-text tone="neutral">{t("estimate.calls", { count: estimate.estimate.modelCalls, model: `${form.backends.find((backend) => backend.id === estimate.estimate.backendId)?.label ?? estimate.estimate.backendId} · ${estimate.estimate.modelId}` })}</s-text>
                    {refusal && <s-banner tone="critical">{refusal.code === "budget_exceeded" ? failureWords({ error: "budget_exceeded", params: refusal.numbers }) : failureWords({ error: "unpriced_model", params: { backendId: refusal.backendId, modelId: refusal.modelId } })}</s-banner>}
                  </s-stack>
                )}
              </s-section>
              {startFailure && (
                <s-banner tone="critical" heading={t("start_failed")}>
                  {failureWords(startFailure)}
                </s-banner>
              )}
            </s-stack>
          )
        )}
      </s-stack>
      {started ? (
        <s-button slot="primary-action" variant="primary" href={appLink(started.jobPath)}>
          {t("started.link")}
        </s-button>
      ) : (
        <s-button slot="primary-action" variant="primary" disabled={!canStart} loading={starting} onClick={() => void start()}>
          {t("start")}
        </s-button>
      )}
      <s-button slot="secondary-actions" onClick={() => shopify.close()}>
        {t(started ? "close" : "cancel")}
      </s-button>
    </s-admin-action>
  );
}

export default async function extension() {
  render(<BulkAction />, document.body);
}
