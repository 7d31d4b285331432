import { describe, expect, it } from "vitest";
import { judgeLanguage, MIN_LETTERS_TO_JUDGE, primaryLanguage, stopWordScores } from "./language";

/** Product-copy sentences written for these tests, a few per language, short and long. */
const SAMPLES: Record<string, string[]> = {
  en: [
    "Soft merino wool sweater with a relaxed fit, perfect for cool autumn evenings.",
    "Handmade ceramic mug that keeps your coffee warm for longer.",
    "Lightweight running shoes with a breathable mesh upper.",
    "This elegant leather wallet has six card slots and a coin pocket.",
    "Our Essential hoodie is made from organic cotton, with a brushed fleece lining and a kangaroo pocket.",
  ],
  fr: [
    "Pull en laine mérinos douce à la coupe décontractée, idéal pour les soirées d'automne.",
    "Tasse en céramique faite main qui garde votre café chaud plus longtemps.",
    "Chaussures de course légères avec une tige en maille respirante.",
    "Ce portefeuille élégant en cuir possède six fentes pour cartes.",
    "Notre sweat à capuche Essential est fabriqué en coton biologique, avec une doublure molletonnée.",
  ],
  de: [
    "Weicher Pullover aus Merinowolle mit lockerer Passform, ideal für kühle Herbstabende.",
    "Handgemachte Keramiktasse, die Ihren Kaffee länger warm hält.",
    "Leichte Laufschuhe mit einem atmungsaktiven Obermaterial aus Mesh.",
    "Diese elegante Lederbörse hat sechs Kartenfächer und ein Münzfach.",
    "Unser Essential Hoodie ist aus Bio-Baumwolle gefertigt und hat ein angerautes Innenfutter.",
  ],
  es: [
    "Suéter suave de lana merino con corte holgado, perfecto para las noches de otoño.",
    "Taza de cerámica hecha a mano que mantiene tu café caliente por más tiempo.",
    "Zapatillas de correr ligeras con parte superior de malla transpirable.",
    "Esta elegante cartera de cuero tiene seis ranuras para tarjetas.",
    "Nuestra sudadera Essential está hecha de algodón orgánico, con un forro cepillado y un bolsillo canguro.",
  ],
  it: [
    "Maglione morbido in lana merino dalla vestibilità comoda, perfetto per le serate autunnali.",
    "Tazza in ceramica fatta a mano che mantiene il caffè caldo più a lungo.",
    "Scarpe da corsa leggere con tomaia in rete traspirante.",
    "Questo elegante portafoglio in pelle ha sei fessure per carte.",
    "La nostra felpa Essential è realizzata in cotone biologico, con interno felpato e una tasca a marsupio.",
  ],
  nl: [
    "Zachte trui van merinowol met een losse pasvorm, perfect voor koele herfstavonden.",
    "Handgemaakte keramische mok die je koffie langer warm houdt.",
    "Lichtgewicht hardloopschoenen met een ademend bovenwerk van mesh.",
    "Deze elegante leren portemonnee heeft zes kaartsleuven en een muntvak.",
    "Onze Essential hoodie is gemaakt van biologisch katoen, met een geruwde voering en een buidelzak.",
  ],
};

describe("judgeLanguage on a sample of product copy", () => {
  const entries = Object.entries(SAMPLES).flatMap(([language, texts]) => texts.map((text) => ({ language, text })));
  const targets = Object.keys(SAMPLES);

  it("never calls correct copy a certain mismatch, and mostly calls it a match", () => {
    const verdicts = entries.map(({ language, text }) => judgeLanguage(text, language).kind);
    expect(verdicts).not.toContain("mismatch");
    expect(verdicts.filter((kind) => kind === "match").length).toBeGreaterThanOrEqual(entries.length - 3);
  });

  it("never accepts copy in another language as a match, and mostly rejects it outright", () => {
    const verdicts = entries.flatMap(({ language, text }) =>
      targets.filter((target) => target !== language).map((target) => ({ target, language, kind: judgeLanguage(text, target).kind })),
    );
    const summary = { mismatch: 0, uncertain: 0, match: 0, skipped: 0 };
    for (const verdict of verdicts) summary[verdict.kind] += 1;
    console.log(`language detection, ${verdicts.length} wrong-language pairs:`, JSON.stringify(summary));
    expect(summary.match).toBe(0);
    expect(summary.skipped).toBe(0);
    expect(summary.mismatch).toBeGreaterThanOrEqual(verdicts.length * 0.9);
  });
});

describe("judgeLanguage edges", () => {
  it("skips text with fewer letters than it can judge", () => {
    const short = "Sweat coton bio 100 %";
    expect(short.replace(/\P{L}/gu, "").length).toBeLessThan(MIN_LETTERS_TO_JUDGE);
    expect(judgeLanguage(short, "en")).toEqual({ kind: "skipped", reason: "too_short" });
  });

  it("skips locales it has no model for", () => {
    expect(judgeLanguage("Habari, hii ni fulana nzuri sana ya pamba kwa siku zote.", "sw")).toEqual({ kind: "skipped", reason: "unsupported_locale" });
  });

  it("only warns for locales outside the six it knows well", () => {
    expect(judgeLanguage("Este é um produto muito bom, feito com algodão orgânico de alta qualidade.", "pt-BR")).toEqual({ kind: "match" });
    expect(judgeLanguage("This is a very good product, made from high quality organic cotton.", "ja")).toMatchObject({ kind: "uncertain" });
    expect(judgeLanguage("これは日本語の文章です。とても良い商品で、品質も高いです。毎日使えます。", "ja")).toEqual({ kind: "match" });
  });

  it("reads the primary subtag of a locale", () => {
    expect(primaryLanguage("fr-CA")).toBe("fr");
    expect(primaryLanguage("PT_br")).toBe("pt");
  });

  it("weighs words shared by several languages less than distinctive ones", () => {
    const scores = stopWordScores("de het");
    expect(scores.nl).toBeCloseTo(1 + 1 / 3);
    expect(scores.fr).toBeCloseTo(1 / 3);
    expect(scores.en).toBe(0);
  });

  it("expands French elisions", () => {
    expect(stopWordScores("l'eau d'une qu'il").fr).toBeGreaterThan(stopWordScores("eau une il").fr);
  });
});

describe("short captions and other scripts", () => {
  const names = ["Canvas Tote", "Hostile Goods", "Sac en cuir", "Merino Scarf"];
  it.each([
    ["Canvas Tote von Hostile Goods", "en", "de"],
    ["Sac en cuir by Hostile Goods", "fr", "en"],
    ["Откройте для себя Merino Scarf", "en", "ru"],
    ["Merino Scarf 羊毛のスカーフ、暖かい", "en", "ja"],
  ])("%j for %s is %s", (text, target, detected) => {
    expect(judgeLanguage(text, target, { names })).toEqual({ kind: "mismatch", detected });
  });
  it.each([
    ["Canvas Tote by Hostile Goods", "en"],
    ["Sac en cuir de Hostile Goods", "fr"],
    ["Canvas Tote | Hostile Goods", "en"],
    ["Merino Scarf in Blue", "en"],
  ])("%j for %s is not blocked", (text, target) => {
    expect(judgeLanguage(text, target, { names }).kind).not.toBe("mismatch");
  });
});
