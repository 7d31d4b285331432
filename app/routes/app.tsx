import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { useMemo } from "react";
import { I18nextProvider, useTranslation } from "react-i18next";
import { env } from "~/config/env.server";
import { createI18n, type SupportedLocale } from "~/i18n/config";
import type { AppProviderProps } from "@shopify/polaris";
import { localeFromRequest, polarisTranslations } from "~/i18n/locale.server";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  const { locale, setCookie } = await localeFromRequest(request);
  const data = { apiKey: env().SHOPIFY_API_KEY, locale, polaris: await polarisTranslations(locale) };
  return setCookie ? Response.json(data, { headers: { "Set-Cookie": setCookie } }) : data;
};

type AppLoaderData = { apiKey: string; locale: SupportedLocale; polaris: AppProviderProps["i18n"] };

export default function AppLayout() {
  const { apiKey, locale, polaris } = useLoaderData<typeof loader>() as AppLoaderData;
  const i18n = useMemo(() => createI18n(locale), [locale]);
  return (
    <I18nextProvider i18n={i18n}>
      <AppProvider isEmbeddedApp apiKey={apiKey} i18n={polaris}>
        <AppNavigation />
        <Outlet />
      </AppProvider>
    </I18nextProvider>
  );
}

function AppNavigation() {
  const { t } = useTranslation();
  return (
    <NavMenu>
      <Link to="/app" rel="home">
        {t("nav.home")}
      </Link>
      <Link to="/app/products">{t("nav.products")}</Link>
      <Link to="/app/jobs">{t("nav.jobs")}</Link>
      <Link to="/app/compare">{t("nav.compare")}</Link>
      <Link to="/app/usage">{t("nav.usage")}</Link>
      <Link to="/app/settings">{t("nav.settings")}</Link>
    </NavMenu>
  );
}

// Shopify needs Remix to catch thrown responses (auth redirects) and forward their headers.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
