/**
 * Words that state a verifiable property of a product: what it is made of and
 * which labels or properties it claims. A generated text that uses one the facts never
 * mention may be inventing it. Each entry is one property with its spellings,
 * already folded (lower case, no accents, hyphens as spaces), grouped by
 * language so a word that means something else in another language ("leer"
 * is Dutch for leather and Spanish for "to read") is only looked for in copy
 * written in that language; the facts are searched for every spelling, since
 * copy is often a translation of facts written in another language.
 */

export type ClaimKind = "material" | "certification" | "claim";

export interface ClaimTerm {
  kind: ClaimKind;
  /** English name, reported to the reviewer. */
  name: string;
  /** Spellings by language; "any" is looked for whatever the copy's language. */
  spellings: Partial<Record<"any" | "en" | "fr" | "de" | "es" | "it" | "nl", string[]>>;
}

function material(name: string, spellings: ClaimTerm["spellings"]): ClaimTerm {
  return { kind: "material", name, spellings };
}
function certification(name: string, spellings: ClaimTerm["spellings"]): ClaimTerm {
  return { kind: "certification", name, spellings };
}
function claim(name: string, spellings: ClaimTerm["spellings"]): ClaimTerm {
  return { kind: "claim", name, spellings };
}

export const CLAIM_TERMS: readonly ClaimTerm[] = [
  material("cotton", { en: ["cotton"], fr: ["coton"], de: ["baumwolle", "baumwoll"], es: ["algodon"], it: ["cotone"], nl: ["katoen"] }),
  material("wool", { en: ["wool", "woollen", "woolen"], fr: ["laine"], de: ["wolle", "woll"], es: ["lana"], it: ["lana"], nl: ["wol", "wollen"] }),
  material("merino", { any: ["merino", "merinos"] }),
  material("cashmere", { any: ["cashmere"], fr: ["cachemire"], de: ["kaschmir"], es: ["cachemira"], nl: ["kasjmier"] }),
  material("alpaca", { any: ["alpaca", "alpaga", "alpaka"] }),
  material("mohair", { any: ["mohair"] }),
  material("silk", { en: ["silk"], fr: ["soie"], de: ["seide"], es: ["seda"], it: ["seta"], nl: ["zijde"] }),
  material("linen", { en: ["linen"], fr: ["lin"], de: ["leinen"], es: ["lino"], it: ["lino"], nl: ["linnen"] }),
  material("hemp", { en: ["hemp"], fr: ["chanvre"], de: ["hanf"], es: ["canamo"], it: ["canapa"], nl: ["hennep"] }),
  material("bamboo", { en: ["bamboo"], fr: ["bambou"], de: ["bambus"], es: ["bambu"], it: ["bambu"], nl: ["bamboe"] }),
  material("leather", { en: ["leather"], fr: ["cuir"], de: ["leder"], es: ["cuero", "piel"], it: ["pelle", "cuoio"], nl: ["leer", "leren"] }),
  material("suede", { en: ["suede"], fr: ["daim", "suede"], de: ["wildleder", "veloursleder"], es: ["gamuza"], it: ["camoscio", "scamosciato"], nl: ["suede"] }),
  material("polyester", { any: ["polyester", "poliester", "poliestere"] }),
  material("nylon", { any: ["nylon", "polyamide", "polyamid", "nailon", "poliamida", "poliammide"] }),
  material("elastane", { any: ["elastane", "elasthanne", "elasthan", "elastan", "spandex", "lycra"] }),
  material("viscose", { any: ["viscose", "viskose", "viscosa", "rayon", "lyocell", "tencel", "modal"] }),
  material("acrylic", { en: ["acrylic"], fr: ["acrylique"], de: ["acryl"], es: ["acrilico"], it: ["acrilico"], nl: ["acryl"] }),
  material("down", { en: ["goose down", "duck down"], fr: ["duvet d'oie", "duvet de canard"], de: ["daunen"], es: ["plumon"], it: ["piumino d'oca"], nl: ["dons"] }),
  material("gold", { en: ["gold"], fr: ["en or", "plaque or", "or jaune", "or rose", "or blanc", "dore a l'or fin"], de: ["gold", "vergoldet"], es: ["oro"], it: ["oro"], nl: ["goud", "verguld"] }),
  material("silver", { en: ["silver", "sterling"], fr: ["argent"], de: ["silber"], es: ["plata"], it: ["argento"], nl: ["zilver"] }),
  material("platinum", { any: ["platinum", "platine", "platin", "platino"] }),
  material("steel", { en: ["steel", "stainless"], fr: ["acier", "inox", "inoxydable"], de: ["stahl", "edelstahl"], es: ["acero", "inoxidable"], it: ["acciaio", "inox"], nl: ["staal", "rvs"] }),
  material("aluminium", { any: ["aluminium", "aluminum", "aluminio", "alluminio"] }),
  material("titanium", { en: ["titanium"], fr: ["titane"], de: ["titan"], es: ["titanio"], it: ["titanio"], nl: ["titanium"] }),
  material("copper", { en: ["copper"], fr: ["cuivre"], de: ["kupfer"], es: ["cobre"], it: ["rame"], nl: ["koper"] }),
  material("brass", { en: ["brass"], fr: ["laiton"], de: ["messing"], es: ["laton"], it: ["ottone"], nl: ["messing"] }),
  material("wood", { en: ["wood", "wooden"], fr: ["bois"], de: ["holz"], es: ["madera"], it: ["legno"], nl: ["hout", "houten"] }),
  material("oak", { en: ["oak"], fr: ["chene"], de: ["eiche", "eichen"], es: ["roble"], it: ["rovere", "quercia"], nl: ["eiken"] }),
  material("walnut", { en: ["walnut"], fr: ["noyer"], de: ["nussbaum"], es: ["nogal"], it: ["noce"], nl: ["notenhout"] }),
  material("ceramic", { en: ["ceramic", "stoneware", "porcelain"], fr: ["ceramique", "gres", "porcelaine"], de: ["keramik", "steinzeug", "porzellan"], es: ["ceramica", "porcelana"], it: ["ceramica", "gres", "porcellana"], nl: ["keramiek", "keramische", "porselein"] }),
  material("glass", { en: ["glass"], fr: ["verre"], de: ["glas"], es: ["vidrio", "cristal"], it: ["vetro"], nl: ["glas", "glazen"] }),
  material("marble", { en: ["marble"], fr: ["marbre"], de: ["marmor"], es: ["marmol"], it: ["marmo"], nl: ["marmer"] }),
  material("cork", { en: ["cork"], fr: ["liege"], de: ["kork"], es: ["corcho"], it: ["sughero"], nl: ["kurk"] }),
  material("rubber", { en: ["rubber", "latex"], fr: ["caoutchouc", "latex"], de: ["gummi", "kautschuk", "latex"], es: ["caucho", "latex"], it: ["gomma", "lattice"], nl: ["rubber", "latex"] }),
  material("silicone", { any: ["silicone", "silikon", "silicona"] }),
  material("plastic", { en: ["plastic"], fr: ["plastique"], de: ["kunststoff", "plastik"], es: ["plastico"], it: ["plastica"], nl: ["plastic", "kunststof"] }),
  material("denim", { any: ["denim"] }),
  material("velvet", { en: ["velvet"], fr: ["velours"], es: ["terciopelo"], it: ["velluto"], nl: ["fluweel"] }),

  certification("organic", { en: ["organic"], fr: ["bio", "biologique"], de: ["bio", "biologisch", "okologisch"], es: ["organico", "ecologico", "bio"], it: ["biologico", "bio"], nl: ["biologisch", "bio"] }),
  certification("GOTS", { any: ["gots", "global organic textile standard"] }),
  certification("Fair Trade", { any: ["fair trade", "fairtrade"], fr: ["commerce equitable"], de: ["fairer handel", "fair gehandelt"], es: ["comercio justo"], it: ["commercio equo"], nl: ["eerlijke handel"] }),
  certification("OEKO-TEX", { any: ["oeko tex", "oekotex", "oko tex"] }),
  certification("FSC", { any: ["fsc"] }),
  certification("PEFC", { any: ["pefc"] }),
  certification("CE marking", { en: ["ce mark", "ce marked", "ce marking", "ce certified"], fr: ["marquage ce", "certifie ce", "norme ce"], de: ["ce kennzeichnung", "ce zeichen", "ce zertifiziert"], es: ["marcado ce"], it: ["marchio ce", "marcatura ce"], nl: ["ce markering"] }),
  certification("vegan", { any: ["vegan", "vegane", "veganes", "veganer", "vegano", "vegana", "veganistisch"], fr: ["vegan", "vegane", "vegetalien"] }),
  certification("cruelty-free", { any: ["cruelty free", "leaping bunny"], fr: ["sans cruaute", "non teste sur les animaux"], de: ["tierversuchsfrei", "ohne tierversuche"], es: ["libre de crueldad"], it: ["cruelty free"], nl: ["dierproefvrij"] }),
  certification("B Corp", { any: ["b corp", "bcorp", "b corporation"] }),
  certification("USDA", { any: ["usda"] }),
  certification("bluesign", { any: ["bluesign"] }),
  certification("Cradle to Cradle", { any: ["cradle to cradle", "c2c certified"] }),
  certification("Rainforest Alliance", { any: ["rainforest alliance"] }),
  certification("EU Ecolabel", { any: ["ecolabel", "eu ecolabel", "ecolabel europeen", "eu umweltzeichen"] }),
  certification("Responsible Wool Standard", { any: ["rws", "responsible wool standard"] }),
  certification("Global Recycled Standard", { any: ["grs", "global recycled standard"] }),
  claim("recycled", { en: ["recycled"], fr: ["recycle", "recyclee", "recycles", "recyclees"], de: ["recycelt", "recycelte", "recycelten", "recycling"], es: ["reciclado", "reciclada"], it: ["riciclato", "riciclata"], nl: ["gerecycled", "gerecycleerd"] }),
  claim("BPA-free", { any: ["bpa free", "sans bpa", "bpa frei", "sin bpa", "senza bpa", "bpa vrij"] }),
  claim("hypoallergenic", { any: ["hypoallergenic", "hypoallergenique", "hypoallergen", "hipoalergenico", "ipoallergenico", "hypoallergeen"] }),
  claim("waterproof", { en: ["waterproof"], fr: ["impermeable"], de: ["wasserdicht"], es: ["impermeable"], it: ["impermeabile"], nl: ["waterdicht"] }),
  claim("handmade", { en: ["handmade", "hand made"], fr: ["fait main", "fait a la main"], de: ["handgemacht", "handgefertigt"], es: ["hecho a mano"], it: ["fatto a mano"], nl: ["handgemaakt", "handgemaakte"] }),
];
