/**
 * Small phrase banks so copy in French, German or Spanish really is in that
 * language. Phrases state only what the facts say; they never invent claims
 * (materials, benefits, shipping) a merchant would have to correct.
 */
import type { SupportedLocale } from "./product-facts";

export interface PhraseBank {
  /** Stands in for a product with no usable title or type. */
  genericProduct: string;
  /** Opening sentences; the product name is rendered in bold by the caller. */
  introductions: readonly { before: string; after: (vendor: string) => string }[];
  category: (type: string) => string;
  brand: (vendor: string) => string;
  availableIn: (variantCount: number) => string;
  priceFrom: (price: string) => string;
  closing: string;
  metaLead: (name: string, vendor: string) => string;
  altText: (name: string, vendor: string, detail: string | undefined) => string;
  view: (position: number) => string;
  /** Neutral filler for copy that must reach a minimum length. */
  padding: readonly string[];
  reasoning: string;
  refusal: string;
}

function startsWithVowelSound(word: string): boolean {
  return /^[aeiouyhàâäéèêëîïôöûüœ]/i.test(word);
}

const english: PhraseBank = {
  genericProduct: "this product",
  introductions: [
    { before: "Discover", after: (vendor) => (vendor === "" ? "." : ` by ${vendor}.`) },
    { before: "Meet", after: (vendor) => (vendor === "" ? "." : `, from ${vendor}.`) },
  ],
  category: (type) => `Category: ${type}`,
  brand: (vendor) => `Brand: ${vendor}`,
  availableIn: (count) => (count === 1 ? "Available in one version" : `Available in ${count} variants`),
  priceFrom: (price) => `From ${price}`,
  closing: "Order yours today.",
  metaLead: (name, vendor) => (vendor === "" ? `Shop ${name}.` : `Shop ${name} by ${vendor}.`),
  altText: (name, vendor, detail) => [name, detail === undefined ? undefined : `in ${detail}`, vendor === "" ? undefined : `by ${vendor}`].filter(Boolean).join(" "),
  view: (position) => `view ${position}`,
  padding: ["See the product details for more information.", "Browse all available options."],
  reasoning: "Written from the product facts provided, without adding claims.",
  refusal: "I'm sorry, but I can't help with that request.",
};

const french: PhraseBank = {
  genericProduct: "ce produit",
  introductions: [
    { before: "Découvrez", after: (vendor) => (vendor === "" ? "." : startsWithVowelSound(vendor) ? ` d'${vendor}.` : ` de ${vendor}.`) },
    { before: "Voici", after: (vendor) => (vendor === "" ? "." : `, signé ${vendor}.`) },
  ],
  category: (type) => `Catégorie : ${type}`,
  brand: (vendor) => `Marque : ${vendor}`,
  availableIn: (count) => (count === 1 ? "Disponible en une seule version" : `Disponible en ${count} variantes`),
  priceFrom: (price) => `À partir de ${price}`,
  closing: "Commandez dès aujourd'hui.",
  metaLead: (name, vendor) => (vendor === "" ? `Achetez ${name}.` : `Achetez ${name} de la marque ${vendor}.`),
  altText: (name, vendor, detail) => [name, detail === undefined ? undefined : `en ${detail}`, vendor === "" ? undefined : `de la marque ${vendor}`].filter(Boolean).join(" "),
  view: (position) => `vue ${position}`,
  padding: ["Consultez les détails du produit pour en savoir plus.", "Découvrez toutes les options disponibles."],
  reasoning: "Texte rédigé à partir des informations produit fournies, sans ajouter d'affirmations.",
  refusal: "Je suis désolé, mais je ne peux pas répondre à cette demande.",
};

const german: PhraseBank = {
  genericProduct: "dieses Produkt",
  introductions: [
    { before: "Entdecken Sie", after: (vendor) => (vendor === "" ? "." : ` von ${vendor}.`) },
    { before: "Das ist", after: (vendor) => (vendor === "" ? "." : ` von ${vendor}.`) },
  ],
  category: (type) => `Kategorie: ${type}`,
  brand: (vendor) => `Marke: ${vendor}`,
  availableIn: (count) => (count === 1 ? "Erhältlich in einer Ausführung" : `Erhältlich in ${count} Varianten`),
  priceFrom: (price) => `Ab ${price}`,
  closing: "Jetzt bestellen.",
  metaLead: (name, vendor) => (vendor === "" ? `Kaufen Sie ${name}.` : `Kaufen Sie ${name} von ${vendor}.`),
  altText: (name, vendor, detail) => [name, detail === undefined ? undefined : `in ${detail}`, vendor === "" ? undefined : `von ${vendor}`].filter(Boolean).join(" "),
  view: (position) => `Ansicht ${position}`,
  padding: ["Weitere Informationen finden Sie in den Produktdetails.", "Entdecken Sie alle verfügbaren Optionen."],
  reasoning: "Aus den bereitgestellten Produktdaten verfasst, ohne zusätzliche Behauptungen.",
  refusal: "Es tut mir leid, aber bei dieser Anfrage kann ich nicht helfen.",
};

const spanish: PhraseBank = {
  genericProduct: "este producto",
  introductions: [
    { before: "Descubre", after: (vendor) => (vendor === "" ? "." : ` de ${vendor}.`) },
    { before: "Te presentamos", after: (vendor) => (vendor === "" ? "." : `, de ${vendor}.`) },
  ],
  category: (type) => `Categoría: ${type}`,
  brand: (vendor) => `Marca: ${vendor}`,
  availableIn: (count) => (count === 1 ? "Disponible en una sola versión" : `Disponible en ${count} variantes`),
  priceFrom: (price) => `Desde ${price}`,
  closing: "Haz tu pedido hoy.",
  metaLead: (name, vendor) => (vendor === "" ? `Compra ${name}.` : `Compra ${name} de ${vendor}.`),
  altText: (name, vendor, detail) => [name, detail === undefined ? undefined : `en ${detail}`, vendor === "" ? undefined : `de ${vendor}`].filter(Boolean).join(" "),
  view: (position) => `vista ${position}`,
  padding: ["Consulta los detalles del producto para más información.", "Descubre todas las opciones disponibles."],
  reasoning: "Redactado a partir de los datos del producto, sin añadir afirmaciones.",
  refusal: "Lo siento, pero no puedo ayudar con esta solicitud.",
};

const BANKS: Readonly<Record<SupportedLocale, PhraseBank>> = { en: english, fr: french, de: german, es: spanish };

export function phraseBank(locale: SupportedLocale): PhraseBank {
  return BANKS[locale];
}

export function formatPrice(price: number, locale: SupportedLocale, currency: string | undefined): string {
  const format = currency === undefined ? { minimumFractionDigits: 2, maximumFractionDigits: 2 } : { style: "currency" as const, currency };
  return new Intl.NumberFormat(locale, format).format(price);
}
