import { useFetcher } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  ButtonGroup,
  Card,
  Checkbox,
  InlineStack,
  Layout,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { useOnChange, useSyncedState } from "~/components/shared/use-synced-state";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { backendLabel, backendText } from "~/i18n/backend-text";
import type { loadSettingsPage, SettingsActionResult } from "~/models/settings-form.server";
import { formatUsd } from "~/components/shared/format";
import { DataFlowDetails } from "~/components/sovereignty/DataFlowDetails";
import { ResidencySwitch } from "~/components/sovereignty/ResidencySwitch";

type PageData = Awaited<ReturnType<typeof loadSettingsPage>>;
type Backend = PageData["backends"][number];
type Entry = { backendId: string; modelId: string };

/** A ledger or test outcome ("ok", "spend_limit"…) in the merchant's words; an unknown one as recorded. */
const outcomeLabel = (t: TFunction, outcome: string) =>
  outcome === "" ? "" : t(`settings.usage.outcomes.${outcome}`, { defaultValue: outcome });

/** The amounts the server accepts (settingsIntentSchema's save-budget). */
const BUDGET_PATTERN = /^(\d{1,7}(\.\d{1,2})?)?$/;

const isFreeRegion = (backend: Backend) => backend.region === "self-hosted" || backend.region === "on-server";

/** The refusal a form came back with, in words, when it is about this field. */
function fieldError(t: TFunction, result: SettingsActionResult | undefined, field: string): string | undefined {
  if (!result || result.ok || result.field !== field) return undefined;
  return t(`settings.errors.${result.error}`, { defaultValue: t("settings.errors.invalid_input") });
}

/** Shows a toast when a settings form comes back saved. */
function useSavedToast(fetcher: ReturnType<typeof useFetcher<SettingsActionResult>>, message: string) {
  const shopify = useAppBridge();
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok && fetcher.data.intent !== "test-connection") shopify.toast.show(message);
  }, [fetcher.state, fetcher.data, shopify, message]);
}

function ErrorBanner({ result }: { result: SettingsActionResult | undefined }) {
  const { t } = useTranslation();
  // A refusal about one field is shown at that field.
  if (!result || result.ok || result.field) return null;
  return <Banner tone="critical">{t(`settings.errors.${result.error}`, { defaultValue: t("settings.errors.invalid_input") })}</Banner>;
}

function backendOptions(backends: Backend[], euOnly: boolean, t: TFunction) {
  return backends
    .filter((backend) => !euOnly || backend.region !== "US")
    .map((backend) => ({
      value: backend.id,
      label: `${backendLabel(t, backend)} · ${t(`settings.model.region.${backend.region}`)}`,
    }));
}

export function ModelSettingsSections(props: Omit<PageData, never>) {
  const { t, i18n } = useTranslation();
  const { backends, settings } = props;
  const byId = useMemo(() => new Map(backends.map((backend) => [backend.id, backend])), [backends]);
  const [backendId, setBackendId] = useState(settings.primary.backendId);
  const [modelId, setModelId] = useState(settings.primary.modelId);
  const backend = byId.get(backendId) ?? backends[0];
  const modelFetcher = useFetcher<SettingsActionResult>();
  useSavedToast(modelFetcher, t("settings.saved"));
  if (!backend) return null;

  const choose = (id: string) => {
    setBackendId(id);
    const next = byId.get(id);
    setModelId(id === settings.primary.backendId ? settings.primary.modelId : (next?.suggestedModels[0] ?? ""));
  };
  const flow = props.dataFlows.find((entry) => entry.backendId === backend.id);
  const unpriced = !isFreeRegion(backend) && !backend.pricedModels.includes(modelId);
  const yesNo = (value: boolean) => t(value ? "settings.model.yes" : "settings.model.no");

  return (
    <>
      <Layout.AnnotatedSection title={t("settings.model.heading")} description={t("settings.model.description")}>
        <Card>
          <modelFetcher.Form method="post">
            <BlockStack gap="400">
              <input type="hidden" name="intent" value="save-model" />
              <Select label={t("settings.model.backend")} name="backendId" options={backendOptions(backends, settings.euOnly, t)} value={backendId} onChange={choose} />
              <Text as="p" tone="subdued">
                {backendText(t, backend).description}
              </Text>
              <TextField
                label={t("settings.model.model")}
                name="modelId"
                value={modelId}
                onChange={setModelId}
                autoComplete="off"
                helpText={backend.suggestedModels.length > 0 ? t("settings.model.modelHelp", { models: backend.suggestedModels.join(", ") }) : undefined}
              />
              {backend.suggestedModels.length > 1 ? (
                <InlineStack gap="100">
                  {backend.suggestedModels.map((model) => (
                    <Button key={model} size="micro" pressed={model === modelId} onClick={() => setModelId(model)}>
                      {model}
                    </Button>
                  ))}
                </InlineStack>
              ) : null}
              <Text as="p" tone="subdued" variant="bodySm">
                {t("settings.model.capabilities", {
                  structured: yesNo(backend.capabilities.structuredOutput),
                  caching: yesNo(backend.capabilities.promptCaching),
                  batch: yesNo(backend.capabilities.batch),
                })}
              </Text>
              {unpriced ? <Banner tone="warning">{t("settings.model.noPrice")}</Banner> : null}
              {!backend.ready ? <NotReadyBanner backend={backend} connection={props.connections.find((connection) => connection.backendId === backend.id)} /> : null}
              <ErrorBanner result={modelFetcher.data} />
              <InlineStack align="end">
                <Button submit variant="primary" loading={modelFetcher.state !== "idle"}>
                  {t("settings.model.save")}
                </Button>
              </InlineStack>
            </BlockStack>
          </modelFetcher.Form>
        </Card>
      </Layout.AnnotatedSection>
      <Layout.AnnotatedSection title={t("sovereignty.heading")} description={t("sovereignty.settingsDescription")}>
        <Card>
          <div data-settings-data-flow>
            <BlockStack gap="400">
              {flow ? <DataFlowDetails flow={flow} /> : null}
              <ResidencySwitch euOnly={settings.euOnly} />
            </BlockStack>
          </div>
        </Card>
      </Layout.AnnotatedSection>
      {backend.id !== "templates" ? (
        <ConnectionSection key={backend.id} backend={backend} modelId={modelId} connection={props.connections.find((connection) => connection.backendId === backend.id)} />
      ) : null}
      <FallbackSection backends={backends} settings={settings} />
      <BudgetSection settings={settings} spentMicros={props.spentMicros} priceTableDate={props.priceTableDate} locale={i18n.language} />
      <Layout.AnnotatedSection title={t("settings.usage.heading")}>
        <Card>
          <InlineStack align="space-between" blockAlign="center" gap="200">
            <Text as="p">{t("settings.usage.moved")}</Text>
            <Button url="/app/usage">{t("settings.usage.open")}</Button>
          </InlineStack>
        </Card>
      </Layout.AnnotatedSection>
    </>
  );
}

function ConnectionSection({ backend, modelId, connection }: { backend: Backend; modelId: string; connection: PageData["connections"][number] | undefined }) {
  const { t, i18n } = useTranslation();
  const fetcher = useFetcher<SettingsActionResult>();
  const testFetcher = useFetcher<SettingsActionResult>();
  useSavedToast(fetcher, t("settings.saved"));
  const [apiKey, setApiKey] = useState("");
  const [baseUrl, setBaseUrl] = useState(connection?.baseUrl ?? backend.defaultBaseUrl ?? "");
  const [useOperatorKey, setUseOperatorKey] = useState(connection?.useOperatorKey ?? false);
  useOnChange(JSON.stringify([backend.id, backend.defaultBaseUrl, connection?.baseUrl, connection?.useOperatorKey]), () => {
    setApiKey("");
    setBaseUrl(connection?.baseUrl ?? backend.defaultBaseUrl ?? "");
    setUseOperatorKey(connection?.useOperatorKey ?? false);
  });
  // A test result speaks of the key and endpoint it was run with: a new save hides it.
  const [testShown, setTestShown] = useState(false);
  useOnChange(fetcher.state === "idle" ? fetcher.data : undefined, (result) => {
    if (result?.ok) {
      setApiKey("");
      setTestShown(false);
    }
  });
  useOnChange(testFetcher.state === "idle" ? testFetcher.data : undefined, (result) => setTestShown(result !== undefined));
  const test = testShown && testFetcher.data?.ok ? testFetcher.data.test : undefined;

  return (
    <Layout.AnnotatedSection title={t("settings.connection.heading", { backend: backendLabel(t, backend) })} description={backendText(t, backend).hint}>
      <Card>
        <fetcher.Form method="post">
          <BlockStack gap="400">
            <input type="hidden" name="intent" value="save-connection" />
            <input type="hidden" name="backendId" value={backend.id} />
            <BlockStack gap="200">
                <TextField
                  label={t("settings.connection.apiKey")}
                  name="apiKey"
                  type="password"
                  value={apiKey}
                  onChange={setApiKey}
                  autoComplete="off"
                  error={fieldError(t, fetcher.data, "apiKey")}
                  helpText={
                    connection?.apiKeyLast4
                      ? t("settings.connection.apiKeyStored", { last4: connection.apiKeyLast4 })
                      : backend.apiKeyRequired
                        ? t("settings.connection.apiKeyNone")
                        : t("settings.connection.apiKeyNotNeeded")
                  }
                />
                {backend.operatorKeyAvailable ? (
                  <>
                    <input type="hidden" name="useOperatorKey" value={useOperatorKey ? "on" : "off"} />
                    <Checkbox label={t("settings.connection.useOperatorKey")} checked={useOperatorKey} onChange={setUseOperatorKey} />
                  </>
                ) : null}
            </BlockStack>
            {backend.baseUrlEditable ? (
              <TextField
                label={t("settings.connection.baseUrl")}
                name="baseUrl"
                value={baseUrl}
                onChange={setBaseUrl}
                autoComplete="off"
                type="url"
                error={fieldError(t, fetcher.data, "baseUrl")}
              />
            ) : null}
            {connection?.lastTestedAt ? (
              <Text as="p" tone="subdued" variant="bodySm">
                {t("settings.connection.lastTest", { outcome: outcomeLabel(t, connection.lastTestOutcome ?? ""), date: new Date(connection.lastTestedAt).toLocaleString(i18n.language) })}
              </Text>
            ) : null}
            <ErrorBanner result={fetcher.data} />
            {testShown ? <ErrorBanner result={testFetcher.data} /> : null}
            {test ? (
              <Banner tone={test.ok ? "success" : "critical"}>
                {t(`settings.connection.result.${test.kind}`, { latencyMs: test.latencyMs, detail: test.detail ?? "" })}
              </Banner>
            ) : null}
            <InlineStack align="end">
              <ButtonGroup>
                {connection?.apiKeyLast4 ? (
                  <Button
                    tone="critical"
                    variant="plain"
                    onClick={() => fetcher.submit({ intent: "remove-key", backendId: backend.id }, { method: "post" })}
                  >
                    {t("settings.connection.removeKey")}
                  </Button>
                ) : null}
                <Button
                  loading={testFetcher.state !== "idle"}
                  onClick={() => testFetcher.submit({ intent: "test-connection", backendId: backend.id, modelId }, { method: "post" })}
                >
                  {t("settings.connection.test")}
                </Button>
                <Button submit variant="primary" loading={fetcher.state !== "idle"}>
                  {t("settings.connection.save")}
                </Button>
              </ButtonGroup>
            </InlineStack>
          </BlockStack>
        </fetcher.Form>
      </Card>
    </Layout.AnnotatedSection>
  );
}

function FallbackSection({ backends, settings }: { backends: Backend[]; settings: PageData["settings"] }) {
  const isPrimary = (entry: Entry) => entry.backendId === settings.primary.backendId && entry.modelId === settings.primary.modelId;
  const { t } = useTranslation();
  const fetcher = useFetcher<SettingsActionResult>();
  useSavedToast(fetcher, t("settings.saved"));
  // Reset to the saved chain only when it changed: a refused save keeps the merchant's edit to fix.
  const [chain, setChain] = useSyncedState<string, Entry[]>(JSON.stringify(settings.fallbacks), (saved) => JSON.parse(saved) as Entry[]);
  const options = backendOptions(backends, settings.euOnly, t);
  const [newBackend, setNewBackend] = useState(options.find((option) => option.value !== settings.primary.backendId)?.value ?? "templates");
  const labelOf = (id: string) => {
    const backend = backends.find((candidate) => candidate.id === id);
    return backend ? backendLabel(t, backend) : id;
  };
  const move = (index: number, delta: number) =>
    setChain((current) => {
      const next = [...current];
      const [item] = next.splice(index, 1);
      if (item) next.splice(index + delta, 0, item);
      return next;
    });
  return (
    <Layout.AnnotatedSection title={t("settings.fallback.heading")} description={t("settings.fallback.description")}>
      <Card>
        <BlockStack gap="400">
          {chain.length === 0 ? (
            <Text as="p" tone="subdued">
              {t("settings.fallback.empty")}
            </Text>
          ) : (
            <BlockStack gap="200">
              {chain.map((entry, index) => (
                <InlineStack key={`${entry.backendId}:${entry.modelId}:${index}`} align="space-between" blockAlign="center">
                  <InlineStack gap="200" blockAlign="center">
                    <Text as="span">
                      {index + 1}. {labelOf(entry.backendId)} — {entry.modelId}
                    </Text>
                    {backends.find((backend) => backend.id === entry.backendId)?.ready === false ? <Badge tone="warning">{t("settings.fallback.notReady")}</Badge> : null}
                    {isPrimary(entry) ? <Badge tone="critical">{t("settings.fallback.samePrimary")}</Badge> : null}
                  </InlineStack>
                  <ButtonGroup>
                    <Button size="slim" disabled={index === 0} onClick={() => move(index, -1)} accessibilityLabel={t("settings.fallback.up")}>
                      ↑
                    </Button>
                    <Button size="slim" disabled={index === chain.length - 1} onClick={() => move(index, 1)} accessibilityLabel={t("settings.fallback.down")}>
                      ↓
                    </Button>
                    <Button size="slim" tone="critical" onClick={() => setChain((current) => current.filter((_, position) => position !== index))}>
                      {t("settings.fallback.remove")}
                    </Button>
                  </ButtonGroup>
                </InlineStack>
              ))}
            </BlockStack>
          )}
          <InlineStack gap="200" blockAlign="end">
            <div style={{ minWidth: 280 }}>
              <Select label={t("settings.fallback.add")} options={options} value={newBackend} onChange={setNewBackend} />
            </div>
            <Button
              disabled={chain.length >= 5}
              onClick={() =>
                setChain((current) => [...current, { backendId: newBackend, modelId: backends.find((backend) => backend.id === newBackend)?.suggestedModels[0] ?? "default" }])
              }
            >
              {t("settings.fallback.add")}
            </Button>
          </InlineStack>
          <ErrorBanner result={fetcher.data} />
          <InlineStack align="end">
            <Button
              variant="primary"
              loading={fetcher.state !== "idle"}
              onClick={() => fetcher.submit({ intent: "save-fallbacks", fallbacks: JSON.stringify(chain) }, { method: "post" })}
            >
              {t("settings.fallback.save")}
            </Button>
          </InlineStack>
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}

function BudgetSection({ settings, spentMicros, priceTableDate, locale }: { settings: PageData["settings"]; spentMicros: number; priceTableDate: string; locale: string }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<SettingsActionResult>();
  useSavedToast(fetcher, t("settings.saved"));
  const initial = settings.monthlyBudgetMicros === null ? "" : (settings.monthlyBudgetMicros / 1_000_000).toFixed(2);
  const [cap, setCap] = useSyncedState(initial, (saved) => saved);
  // Checked here, at the field, before it is sent: a malformed amount never reaches the server.
  const [capError, setCapError] = useState<string | undefined>(undefined);
  return (
    <Layout.AnnotatedSection title={t("settings.budget.heading")} description={t("settings.budget.description")}>
      <Card>
        <fetcher.Form
          method="post"
          onSubmit={(event) => {
            if (BUDGET_PATTERN.test(cap.trim())) return setCapError(undefined);
            event.preventDefault();
            setCapError(t("settings.errors.budget_format"));
          }}
        >
          <BlockStack gap="300">
            <input type="hidden" name="intent" value="save-budget" />
            <TextField
              label={t("settings.budget.cap")}
              name="monthlyBudgetUsd"
              value={cap}
              onChange={(value) => {
                setCap(value);
                setCapError(undefined);
              }}
              error={capError ?? fieldError(t, fetcher.data, "monthlyBudgetUsd")}
              autoComplete="off"
              inputMode="decimal"
              prefix="$"
              helpText={t("settings.budget.capHelp")}
            />
            <InlineStack align="space-between">
              <Text as="p">{t("settings.budget.spent", { amount: formatUsd(spentMicros, locale) })}</Text>
              <Text as="p" tone="subdued" variant="bodySm">
                {t("settings.budget.priceTable", { date: priceTableDate })}
              </Text>
            </InlineStack>
            <ErrorBanner result={fetcher.data} />
            <InlineStack align="end">
              <Button submit variant="primary" loading={fetcher.state !== "idle"}>
                {t("settings.budget.save")}
              </Button>
            </InlineStack>
          </BlockStack>
        </fetcher.Form>
      </Card>
    </Layout.AnnotatedSection>
  );
}

/** The backend chosen cannot be called yet: say why and what to do, without refusing the choice. */
function NotReadyBanner({ backend, connection }: { backend: Backend; connection: PageData["connections"][number] | undefined }) {
  const { t } = useTranslation();
  const keyMissing = backend.apiKeyRequired && !connection?.apiKeyLast4 && !(backend.operatorKeyAvailable && (connection ? connection.useOperatorKey : true));
  return (
    <Banner tone="warning" title={t("settings.model.notReadyTitle", { backend: backendLabel(t, backend) })}>
      {keyMissing
        ? t("settings.model.notReadyKey", { backend: backendLabel(t, backend) })
        : t("settings.model.notReadyTest", { outcome: outcomeLabel(t, connection?.lastTestOutcome ?? "") })}
    </Banner>
  );
}
