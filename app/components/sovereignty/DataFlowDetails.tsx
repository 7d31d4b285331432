import { Badge, Banner, BlockStack, DescriptionList, InlineStack, Link, Text } from "@shopify/polaris";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { backendLabel } from "~/i18n/backend-text";
import type { BackendDataFlow, DataFlowRole } from "~/models/data-flow.server";

/** A region code ("FR", "EU") in the merchant's language; the code itself only if the runtime cannot name it. */
function regionName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}

const listOf = (items: string[], locale: string) => new Intl.ListFormat(locale, { style: "long", type: "conjunction" }).format(items);

/** The provider's terms and the hosts, in words: one line per question a merchant asks. */
export function dataFlowLines(t: TFunction, flow: BackendDataFlow, locale: string) {
  const { terms } = flow;
  const local = terms.kind === "self-hosted" || terms.kind === "on-server";
  const processor = terms.processor ?? t(terms.kind === "on-server" ? "sovereignty.processor.thisServer" : "sovereignty.processor.you");
  const where = (() => {
    switch (terms.processing.kind) {
      case "regions":
        return listOf(terms.processing.regions.map((code) => regionName(code, locale)), locale);
      default:
        return t(`sovereignty.where.${terms.processing.kind}`);
    }
  })();
  const retention = terms.retention.kind === "days" ? t("sovereignty.retention.days", { count: terms.retention.days }) : t(`sovereignty.retention.${terms.retention.kind}`);
  const hosts = flow.hosts.length > 0 ? flow.hosts.join(", ") : t(flow.endpointMissing ? "sovereignty.hosts.missing" : "sovereignty.hosts.none");
  const checked = new Date(`${terms.checked}T00:00:00Z`).toLocaleDateString(locale, { timeZone: "UTC", dateStyle: "long" });
  return {
    local,
    processor,
    jurisdiction: local ? null : terms.headquarters ? regionName(terms.headquarters, locale) : t("sovereignty.notStated"),
    where,
    training: t(`sovereignty.training.${terms.training}`),
    retention,
    hosts,
    checked,
  };
}

/** Where one backend sends product data: who, where, training, retention, the hosts, and the source with its date. */
export function DataFlowDetails({ flow, role }: { flow: BackendDataFlow; role?: DataFlowRole }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const lines = dataFlowLines(t, flow, locale);
  const label = backendLabel(t, flow.wording);
  const source = flow.terms.source.startsWith("https://") ? (
    <Text as="span">
      <Link url={flow.terms.source} target="_blank" removeUnderline={false}>
        {t("sovereignty.source.provider")}
      </Link>{" "}
      {t("sovereignty.source.checked", { date: lines.checked })}
    </Text>
  ) : (
    t("sovereignty.source.local", { date: lines.checked })
  );
  const items = [
    { term: t("sovereignty.fields.processor"), description: lines.processor },
    ...(lines.jurisdiction === null ? [] : [{ term: t("sovereignty.fields.jurisdiction"), description: lines.jurisdiction }]),
    { term: t("sovereignty.fields.where"), description: lines.where },
    { term: t("sovereignty.fields.training"), description: lines.training },
    { term: t("sovereignty.fields.retention"), description: lines.retention },
    { term: t("sovereignty.fields.hosts"), description: <span style={{ overflowWrap: "anywhere" }}>{lines.hosts}</span> },
    { term: t("sovereignty.fields.source"), description: source },
  ];
  return (
    <BlockStack gap="200">
      <InlineStack gap="200" blockAlign="center" wrap>
        <Text as="h3" variant="headingSm">
          {label}
        </Text>
        {role ? <Badge>{t(`sovereignty.roles.${role}`)}</Badge> : null}
        {lines.local ? <Badge tone="success">{t(flow.terms.kind === "on-server" ? "sovereignty.staysHere" : "sovereignty.staysYours")}</Badge> : null}
      </InlineStack>
      {/* A self-hosted emulator is just another server of yours: its host line says where requests go. */}
      {flow.emulated && !lines.local ? <Banner tone="info">{t("sovereignty.emulated", { host: flow.hosts.join(", ") })}</Banner> : null}
      {flow.customEndpoint ? <Banner tone="warning">{t("sovereignty.customEndpoint", { host: flow.hosts.join(", "), processor: lines.processor })}</Banner> : null}
      <DescriptionList gap="tight" items={items} />
    </BlockStack>
  );
}
