import { useFetcher } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  ChoiceList,
  InlineStack,
  Layout,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { NewProductAutomation } from "~/automation/settings";
import type { NewProductFormResult } from "~/automation/settings-form.server";
import type { AutomationActivity as Activity } from "~/automation/skips.server";
import { COPY_FIELDS } from "~/copy/types";
import { backendLabel } from "~/i18n/backend-text";
import { AutomationActivity } from "./AutomationActivity";
import type { BackendWording } from "~/i18n/backend-text";

type BackendOption = BackendWording & {
  label: string;
  suggestedModels: string[];
  ready: boolean;
};

/**
 * Settings → "Write copy for new products": off by default; when on, every product created in Shopify gets a
 * job with these choices (app/automation/new-product.server.ts). Saved on its own, to /app/settings/automation.
 */
export function NewProductAutomationSection({
  automation,
  activity,
  backends,
  shopModel,
}: {
  automation: NewProductAutomation;
  activity: Activity;
  backends: BackendOption[];
  shopModel: { backendId: string; modelId: string };
}) {
  const { t } = useTranslation();
  const shopify = useAppBridge();
  const fetcher = useFetcher<NewProductFormResult>();
  const [enabled, setEnabled] = useState(automation.enabled);
  const [fields, setFields] = useState<string[]>(automation.fields);
  const [backendId, setBackendId] = useState(automation.model?.backendId ?? "");
  const [modelId, setModelId] = useState(automation.model?.modelId ?? "");
  const [mode, setMode] = useState<string>(automation.mode);
  const [writePolicy, setWritePolicy] = useState<string>(
    automation.writePolicy
  );
  const saved = fetcher.state === "idle" && fetcher.data?.ok === true;
  useEffect(() => {
    if (saved) shopify.toast.show(t("automation.newProducts.saved"));
  }, [saved, shopify, t]);

  const shopBackend = backends.find(
    (backend) => backend.id === shopModel.backendId
  );
  const chosen = backends.find((backend) => backend.id === backendId);
  const options = [
    {
      value: "",
      label: t("automation.newProducts.shopBackend", {
        backend: shopBackend
          ? backendLabel(t, shopBackend)
          : shopModel.backendId,
        model: shopModel.modelId,
      }),
    },
    ...backends.map((backend) => ({
      value: backend.id,
      label: backendLabel(t, backend),
    })),
  ];
  const chooseBackend = (id: string) => {
    setBackendId(id);
    setModelId(
      backends.find((backend) => backend.id === id)?.suggestedModels[0] ?? ""
    );
  };
  const submit = () =>
    fetcher.submit(
      {
        enabled: String(enabled),
        fields: JSON.stringify(fields),
        backendId,
        modelId: backendId ? modelId : "",
        mode,
        writePolicy,
      },
      { method: "post", action: "/app/settings/automation" }
    );
  const refusal =
    fetcher.state === "idle" && fetcher.data && !fetcher.data.ok
      ? fetcher.data
      : null;

  return (
    <Layout.AnnotatedSection
      title={t("automation.newProducts.heading")}
      description={t("automation.newProducts.description")}
    >
      <BlockStack gap="400">
        <Card>
          <BlockStack gap="400">
            <Checkbox
              label={t("automation.newProducts.enabled")}
              helpText={t("automation.newProducts.enabledHelp")}
              checked={enabled}
              onChange={setEnabled}
            />
            <ChoiceList
              allowMultiple
              title={t("automation.newProducts.fields")}
              choices={COPY_FIELDS.map((field) => ({
                value: field,
                label: t(`copySettings.fields.names.${field}`),
              }))}
              selected={fields}
              onChange={setFields}
              error={
                fields.length === 0
                  ? t("automation.newProducts.fieldsRequired")
                  : undefined
              }
            />
            <Select
              label={t("automation.newProducts.backend")}
              options={options}
              value={backendId}
              onChange={chooseBackend}
            />
            {chosen ? (
              <TextField
                label={t("automation.newProducts.model")}
                value={modelId}
                onChange={setModelId}
                autoComplete="off"
                helpText={
                  chosen.ready
                    ? undefined
                    : t("automation.newProducts.notReady")
                }
              />
            ) : null}
            <ChoiceList
              title={t("automation.newProducts.mode")}
              choices={[
                {
                  value: "review",
                  label: t("automation.newProducts.modes.review"),
                  helpText: t("automation.newProducts.modesHelp.review"),
                },
                {
                  value: "auto_apply",
                  label: t("automation.newProducts.modes.auto_apply"),
                  helpText: t("automation.newProducts.modesHelp.auto_apply"),
                },
              ]}
              selected={[mode]}
              onChange={(selected) => setMode(selected[0] ?? "review")}
            />
            <ChoiceList
              title={t("automation.newProducts.writePolicy")}
              choices={[
                {
                  value: "fill_blanks",
                  label: t("copySettings.fields.policies.fill_blanks"),
                  helpText: t("copySettings.fields.policiesHelp.fill_blanks"),
                },
                {
                  value: "overwrite",
                  label: t("copySettings.fields.policies.overwrite"),
                  helpText: t("copySettings.fields.policiesHelp.overwrite"),
                },
              ]}
              selected={[writePolicy]}
              onChange={(selected) =>
                setWritePolicy(selected[0] ?? "fill_blanks")
              }
            />
            <Text as="p" tone="subdued" variant="bodySm">
              {t("automation.newProducts.budgetNote")}
            </Text>
            {refusal ? (
              <Banner tone="critical">
                {t(`automation.errors.${refusal.error}`, {
                  defaultValue: t("automation.errors.invalid_input"),
                })}
              </Banner>
            ) : null}
            <InlineStack align="end">
              <Button
                variant="primary"
                onClick={submit}
                loading={fetcher.state !== "idle"}
                disabled={fields.length === 0}
              >
                {t("automation.newProducts.save")}
              </Button>
            </InlineStack>
          </BlockStack>
        </Card>
        <Card>
          <AutomationActivity activity={activity} />
        </Card>
      </BlockStack>
    </Layout.AnnotatedSection>
  );
}
