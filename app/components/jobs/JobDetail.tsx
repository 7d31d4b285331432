import { useFetcher, useRevalidator } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Layout, List, Modal, Page, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatCount } from "~/components/shared/format";
import { backendLabel } from "~/i18n/backend-text";
import type { JobPage, LiveProgress } from "~/jobs/job-page.server";
import { usePoll } from "~/components/shared/use-poll";
import { useOnChange } from "~/components/shared/use-synced-state";
import { settledCount } from "./JobsList";
import { ACTIVE_REVERT_STATUSES, FINISHED_JOB_STATUSES, type JobRevertView } from "~/jobs/types";
import { TEMPLATES_MODEL_ID } from "~/models/backends/templates";
import { JobProgressCard } from "./JobProgressCard";
import { JobReview } from "./JobReview";
import { errorText } from "./job-text";

type Answer =
  | { ok: true; intent: string; review?: { updated: number }; revert?: JobRevertView }
  | { ok: false; error: string; errors: Record<string, string>; params: Record<string, string | number> };

export function JobDetail(page: JobPage) {
  const { t, i18n } = useTranslation();
  const shopify = useAppBridge();
  const control = useFetcher<Answer>();
  const poller = useFetcher<LiveProgress>();
  const revalidator = useRevalidator();
  // The newest of the page's own data and the last poll: the progress shown above the review.
  const [latest, setLatest] = useState<LiveProgress>({ progress: page.progress, revert: page.revert, cost: page.cost, productTitles: page.productTitles });
  useOnChange(page.progress, (progress) => setLatest({ progress, revert: page.revert, cost: page.cost, productTitles: page.productTitles }));
  useOnChange(poller.data, (data) => {
    if (data) setLatest(data);
  });
  const { progress, revert } = latest;
  const [confirm, setConfirm] = useState<"cancel" | "revert" | null>(null);
  // Live while the job can still move on its own: items queued, running or being written, or its revert under way.
  const moving = !FINISHED_JOB_STATUSES.includes(progress.status) && progress.status !== "paused";
  const writing = progress.counts.applying + progress.counts.running + progress.counts.queued > 0 && progress.status !== "paused";
  const reverting = revert !== null && ACTIVE_REVERT_STATUSES.includes(revert.status);
  const live = moving || writing || reverting;
  // A revert that has just finished changed the items' states: the review below reads them again.
  useOnChange(reverting, (now, before) => {
    if (before && !now) revalidator.revalidate();
  });
  const [dismissedRevert, setDismissedRevert] = useState<string | null>(null);

  // Only the progress is polled: the review below changes when the merchant asks (no list moving under the cursor).
  usePoll({ active: live, settled: poller.state === "idle", latest: poller.data, read: () => poller.load(`/app/jobs/${progress.id}/progress`) });
  const reviewBehind = progress.pendingProposals !== page.progress.pendingProposals || settledCount(progress) !== settledCount(page.progress);

  useEffect(() => {
    if (control.state !== "idle" || !control.data?.ok) return;
    const answer = control.data;
    if (answer.revert) shopify.toast.show(t("jobs.page.revertStarted"));
    else if (answer.intent in DONE_KEYS) shopify.toast.show(t(DONE_KEYS[answer.intent as keyof typeof DONE_KEYS], { count: answer.review?.updated ?? 0 }));
  }, [control.state, control.data, shopify, t]);

  const post = (intent: string) => control.submit({ intent }, { method: "post" });
  const busy = control.state !== "idle";
  const active = ["queued", "running"].includes(progress.status);
  const anyApplied = progress.counts.applied > 0;
  const secondaryActions = [
    ...(active ? [{ content: t("jobs.page.pause"), onAction: () => post("pause"), disabled: busy }] : []),
    ...(progress.status === "paused" ? [{ content: t("jobs.page.resume"), onAction: () => post("resume"), disabled: busy }] : []),
    ...(progress.counts.failed > 0 ? [{ content: t("jobs.page.retryFailed", { count: progress.counts.failed }), onAction: () => post("retry_failed"), disabled: busy }] : []),
    { content: t("jobs.page.export"), url: `/app/jobs/${progress.id}/export`, external: false, target: "_self" as const },
    // Reverted once the job has stopped writing, and one revert at a time.
    ...(anyApplied ? [{ content: t("jobs.page.revert"), onAction: () => setConfirm("revert"), disabled: busy || reverting || moving || writing }] : []),
    ...(["queued", "running", "paused"].includes(progress.status) ? [{ content: t("jobs.page.cancel"), destructive: true, onAction: () => setConfirm("cancel"), disabled: busy }] : []),
  ];
  const fields = progress.request.fields.map((field) => t(`product.fields.${field}`)).join(", ");
  const wording = page.backendWordings.find((entry) => entry.id === progress.estimate.backendId);
  // A backend no longer in the registry (removed by the operator) keeps its id.
  const backend = wording ? backendLabel(t, wording) : progress.estimate.backendId;
  const model = progress.estimate.modelId === TEMPLATES_MODEL_ID ? backend : `${backend} · ${progress.estimate.modelId}`;

  return (
    <Page
      title={t("jobs.jobTitle", { date: new Date(progress.createdAt).toLocaleString(i18n.language) })}
      subtitle={`${t("jobs.page.settingsLine", { fields, locales: progress.request.locales.join(", "), model, mode: t(`jobs.mode.${progress.mode}`) })} · ${t("jobs.page.origin", { origin: t(`jobs.origin.${progress.origin ?? "plume"}`) })}`}
      backAction={{ content: t("jobs.title"), url: "/app/jobs" }}
      secondaryActions={secondaryActions}
    >
      <Layout>
        {control.data && !control.data.ok ? (
          <Layout.Section>
            <Banner tone="critical">{errorText(t, { code: control.data.error, params: control.data.params }, i18n.language)}</Banner>
          </Layout.Section>
        ) : null}
        {revert && revert.id !== dismissedRevert ? (
          <Layout.Section>
            <RevertBanner revert={revert} onDismiss={reverting ? undefined : () => setDismissedRevert(revert.id)} />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <JobProgressCard progress={progress} cost={latest.cost} live={live} productTitles={latest.productTitles} />
        </Layout.Section>
        {progress.request.extraInstruction ? (
          <Layout.Section>
            <Text as="p" tone="subdued">
              {t("jobs.page.extraInstruction", { text: progress.request.extraInstruction })}
            </Text>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <BlockStack gap="400">
            <JobReview page={page} progress={progress} behind={reviewBehind} onRefresh={() => revalidator.revalidate()} />
          </BlockStack>
        </Layout.Section>
      </Layout>
      <Modal
        open={confirm !== null}
        onClose={() => setConfirm(null)}
        title={confirm === "revert" ? t("jobs.page.revertTitle") : t("jobs.page.cancelTitle")}
        primaryAction={{
          content: confirm === "revert" ? t("jobs.page.revertConfirm") : t("jobs.page.cancelConfirm"),
          destructive: true,
          loading: busy,
          onAction: () => {
            if (confirm) post(confirm);
            setConfirm(null);
          },
        }}
        secondaryActions={[{ content: t("jobs.page.keep"), onAction: () => setConfirm(null) }]}
      >
        <Modal.Section>
          <Text as="p">{confirm === "revert" ? t("jobs.page.revertBody") : t("jobs.page.cancelBody")}</Text>
        </Modal.Section>
      </Modal>
    </Page>
  );
}

/** The job's revert: under way (products done of all), or how it ended, with what happened to the values. */
function RevertBanner({ revert, onDismiss }: { revert: JobRevertView; onDismiss: (() => void) | undefined }) {
  const { t, i18n } = useTranslation();
  const count = (value: number) => formatCount(value, i18n.language);
  const counts = (
    <List>
      <List.Item>{t("jobs.page.revertReverted", { count: count(revert.reverted) })}</List.Item>
      <List.Item>{t("jobs.page.revertConflicts", { count: count(revert.conflicts) })}</List.Item>
      <List.Item>{t("jobs.page.revertFailed", { count: count(revert.failed) })}</List.Item>
    </List>
  );
  const body =
    revert.status === "queued" || revert.status === "running" ? (
      <Banner tone="info" title={t("jobs.page.reverting")}>
        <Text as="p">{t("jobs.page.revertingProgress", { count: revert.productsDone, done: count(revert.productsDone), total: count(Math.max(revert.productsTotal, revert.productsDone)) })}</Text>
      </Banner>
    ) : revert.status === "completed" ? (
      <Banner tone={revert.failed > 0 || revert.conflicts > 0 ? "warning" : "success"} title={t("jobs.page.revertDone")} onDismiss={onDismiss}>
        <BlockStack gap="100">
          {counts}
          {revert.failed > 0 ? <Text as="p">{t("jobs.page.revertRetry")}</Text> : null}
        </BlockStack>
      </Banner>
    ) : (
      <Banner tone="critical" title={t("jobs.page.revertStopped")} onDismiss={onDismiss}>
        <BlockStack gap="100">
          {counts}
          <Text as="p">{t("jobs.page.revertStoppedBody")}</Text>
        </BlockStack>
      </Banner>
    );
  return (
    <div id="job-revert" data-revert-status={revert.status}>
      {body}
    </div>
  );
}

const DONE_KEYS = {
  pause: "jobs.page.done.pause",
  resume: "jobs.page.done.resume",
  cancel: "jobs.page.done.cancel",
  retry_failed: "jobs.page.done.retry_failed",
  apply_approved: "jobs.page.done.apply_approved",
  review: "jobs.page.done.review",
  edit: "jobs.page.done.edit",
} as const;
