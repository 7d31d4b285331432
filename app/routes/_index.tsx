import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { createI18n } from "~/i18n/config";
import { localeFromRequest } from "~/i18n/locale.server";

// Opened outside Shopify admin: explain where Plume lives. Opened by the admin
// with a shop: go to the embedded app, keeping Shopify's parameters.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  const { locale } = await localeFromRequest(request);
  const t = createI18n(locale).t;
  return { locale, title: t("landing.title"), body: t("landing.body"), tagline: t("app.tagline") };
};

export default function Landing() {
  const { title, body, tagline } = useLoaderData<typeof loader>();
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 560, margin: "10vh auto", padding: 24 }}>
      <h1>{title}</h1>
      <p>{tagline}</p>
      <p>{body}</p>
    </main>
  );
}
