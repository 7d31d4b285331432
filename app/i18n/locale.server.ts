import { createCookie } from "@remix-run/node";
import type { AppProviderProps } from "@shopify/polaris";
import { DEFAULT_LOCALE, resolveLocale, type SupportedLocale } from "./config";

/**
 * The admin passes its `locale` on the embedded app's first load only; later
 * navigations inside the iframe do not carry it, so it is kept in a cookie
 * (SameSite=None: the app lives in Shopify admin's iframe).
 */
export const localeCookie = createCookie("plume_locale", {
  path: "/",
  sameSite: "none",
  secure: true,
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

export async function localeFromRequest(request: Request): Promise<{ locale: SupportedLocale; setCookie?: string }> {
  const fromQuery = resolveLocale(new URL(request.url).searchParams.get("locale"));
  if (fromQuery) return { locale: fromQuery, setCookie: await localeCookie.serialize(fromQuery) };
  const fromCookie = resolveLocale((await localeCookie.parse(request.headers.get("Cookie"))) as string | null);
  if (fromCookie) return { locale: fromCookie };
  const acceptLanguage = request.headers.get("Accept-Language")?.split(",")[0]?.split(";")[0];
  return { locale: resolveLocale(acceptLanguage) ?? DEFAULT_LOCALE };
}

export async function polarisTranslations(locale: SupportedLocale): Promise<AppProviderProps["i18n"]> {
  const translations =
    locale === "fr"
      ? await import("@shopify/polaris/locales/fr.json", { with: { type: "json" } })
      : await import("@shopify/polaris/locales/en.json", { with: { type: "json" } });
  return translations.default as AppProviderProps["i18n"];
}
