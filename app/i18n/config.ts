import i18next, { type i18n as I18n } from "i18next";
import en from "./locales/en.json";
import fr from "./locales/fr.json";

/** The one i18n layer: every UI string is a key in these catalogues. */
export const SUPPORTED_LOCALES = ["en", "fr"] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: SupportedLocale = "en";

export const catalogues = { en, fr } as const;

/** Maps an admin locale such as "fr", "fr-CA" or "en-US" to a catalogue we ship. */
export function resolveLocale(candidate: string | null | undefined): SupportedLocale | undefined {
  if (!candidate) return undefined;
  const language = candidate.trim().toLowerCase().split(/[-_]/)[0];
  return SUPPORTED_LOCALES.find((locale) => locale === language);
}

export function createI18n(locale: SupportedLocale): I18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng: locale,
    fallbackLng: false,
    resources: { en: { translation: catalogues.en }, fr: { translation: catalogues.fr } },
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return instance;
}
