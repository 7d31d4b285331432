/**
 * Word lists for the seeded catalog. Five verticals with their own vendors,
 * options, prices and copy, so that filters (vendor:, product_type:, tag:) and
 * AI copy generation see a catalog shaped like a real mixed store. French and
 * German lists exist because merchants' catalogs are rarely all in the shop's
 * primary language.
 */
import type { ContentLanguage, TaxonomyCategoryRecord } from "../store/records";

export type Vertical = "apparel" | "beauty" | "electronics" | "home" | "food";

export interface OptionDefinition {
  readonly name: string;
  readonly values: readonly string[];
}

export interface LocalisedWords {
  readonly nouns: readonly string[];
  readonly adjectives: readonly string[];
  readonly materials: readonly string[];
}

export interface VerticalVocabulary {
  readonly productType: string;
  readonly vendors: readonly string[];
  readonly skuPrefix: string;
  readonly words: Readonly<Record<ContentLanguage, LocalisedWords>>;
  readonly options: readonly OptionDefinition[];
  readonly priceRange: readonly [number, number];
  readonly tags: readonly string[];
  readonly categories: readonly TaxonomyCategoryRecord[];
  readonly benefits: readonly string[];
  readonly careNotes: readonly string[];
}

function category(id: string, fullName: string): TaxonomyCategoryRecord {
  const name = fullName.split(" > ").at(-1) ?? fullName;
  return { id: `gid://shopify/TaxonomyCategory/${id}`, name, fullName };
}

export const VERTICALS: Readonly<Record<Vertical, VerticalVocabulary>> = {
  apparel: {
    productType: "Apparel",
    vendors: ["Northwind Apparel", "Maple & Thread", "Urban Loom", "Coastline Outfitters", "Kestrel Wear"],
    skuPrefix: "APP",
    words: {
      en: {
        nouns: ["T-Shirt", "Hoodie", "Denim Jacket", "Linen Shirt", "Chino Pants", "Wool Sweater", "Rain Jacket", "Sneakers", "Beanie", "Scarf", "Polo Shirt", "Cargo Shorts", "Summer Dress", "Leggings", "Puffer Vest"],
        adjectives: ["Classic", "Everyday", "Organic", "Relaxed-Fit", "Slim", "Vintage", "Heavyweight", "Lightweight", "Recycled", "Essential", "Oversized", "Merino"],
        materials: ["organic cotton", "merino wool", "recycled polyester", "linen", "denim", "bamboo jersey", "fleece"],
      },
      fr: {
        nouns: ["T-shirt", "Sweat à capuche", "Veste en jean", "Chemise en lin", "Pantalon chino", "Pull en laine", "Imperméable", "Bonnet", "Écharpe", "Robe d'été"],
        adjectives: ["classique", "bio", "premium", "vintage", "basique"],
        materials: ["coton bio", "laine mérinos", "polyester recyclé", "lin", "denim"],
      },
      de: {
        nouns: ["T-Shirt", "Kapuzenpullover", "Jeansjacke", "Leinenhemd", "Chinohose", "Wollpullover", "Regenjacke", "Mütze", "Schal", "Sommerkleid"],
        adjectives: ["Premium", "Bio", "Vintage", "Basic", "Komfort"],
        materials: ["Bio-Baumwolle", "Merinowolle", "recyceltem Polyester", "Leinen", "Denim"],
      },
    },
    options: [
      { name: "Size", values: ["XS", "S", "M", "L", "XL", "XXL"] },
      { name: "Color", values: ["Black", "White", "Navy", "Heather Grey", "Olive", "Sand", "Burgundy"] },
    ],
    priceRange: [15, 180],
    tags: ["cotton", "summer", "winter", "bestseller", "new-arrival", "sale", "unisex", "mens", "womens", "sustainable"],
    categories: [
      category("aa-1-13-8", "Apparel & Accessories > Clothing > Clothing Tops > T-Shirts"),
      category("aa-1-13-13", "Apparel & Accessories > Clothing > Clothing Tops > Sweatshirts"),
      category("aa-1-10-2", "Apparel & Accessories > Clothing > Outerwear > Coats & Jackets"),
      category("aa-1-12", "Apparel & Accessories > Clothing > Pants"),
    ],
    benefits: ["breathable all day", "soft from the first wear", "cut for easy layering", "made to last wash after wash", "a relaxed yet tidy silhouette"],
    careNotes: ["Machine wash cold, hang to dry.", "Wash inside out with similar colours.", "Do not tumble dry."],
  },
  beauty: {
    productType: "Beauty",
    vendors: ["Lumen Botanicals", "Petal & Pine", "Glow Theory", "Solstice Skin"],
    skuPrefix: "BTY",
    words: {
      en: {
        nouns: ["Face Serum", "Moisturizer", "Lip Balm", "Shampoo Bar", "Body Lotion", "Eye Cream", "Clay Mask", "Cleansing Oil", "Hand Cream", "Sunscreen SPF 30", "Dry Shampoo", "Nail Polish"],
        adjectives: ["Hydrating", "Soothing", "Brightening", "Unscented", "Vegan", "Gentle", "Nourishing", "Overnight", "Daily", "Botanical"],
        materials: ["hyaluronic acid", "vitamin C", "shea butter", "rosehip oil", "niacinamide", "aloe vera", "green tea extract"],
      },
      fr: {
        nouns: ["Sérum visage", "Crème hydratante", "Baume à lèvres", "Shampooing solide", "Lait corporel", "Masque à l'argile", "Crème mains"],
        adjectives: ["bio", "vegan", "sans parfum", "premium", "éclat"],
        materials: ["acide hyaluronique", "vitamine C", "beurre de karité", "huile de rose musquée", "aloe vera"],
      },
      de: {
        nouns: ["Gesichtsserum", "Feuchtigkeitscreme", "Lippenbalsam", "Festes Shampoo", "Körperlotion", "Tonerde-Maske", "Handcreme"],
        adjectives: ["Bio", "Vegan", "Premium", "Sensitiv", "Intensiv"],
        materials: ["Hyaluronsäure", "Vitamin C", "Sheabutter", "Hagebuttenöl", "Aloe Vera"],
      },
    },
    options: [
      { name: "Size", values: ["30 ml", "50 ml", "100 ml"] },
      { name: "Scent", values: ["Unscented", "Lavender", "Citrus", "Rose"] },
    ],
    priceRange: [6, 90],
    tags: ["vegan", "cruelty-free", "sensitive-skin", "bestseller", "gift", "travel-size", "new-arrival", "sale"],
    categories: [
      category("hb-3-2-1", "Health & Beauty > Personal Care > Cosmetics > Skin Care"),
      category("hb-3-2-3", "Health & Beauty > Personal Care > Cosmetics > Bath & Body"),
      category("hb-3-6", "Health & Beauty > Personal Care > Hair Care"),
    ],
    benefits: ["absorbs quickly without a greasy finish", "suitable for sensitive skin", "leaves skin soft and supple", "dermatologist tested", "free from parabens and sulfates"],
    careNotes: ["Store in a cool, dry place.", "Use within 12 months of opening.", "For external use only."],
  },
  electronics: {
    productType: "Electronics",
    vendors: ["Voltix", "Arcline Audio", "Nimbus Devices", "Ferro Labs"],
    skuPrefix: "ELC",
    words: {
      en: {
        nouns: ["Wireless Earbuds", "Bluetooth Speaker", "USB-C Charger", "Power Bank", "Smart Watch", "Mechanical Keyboard", "Wireless Mouse", "Phone Case", "HDMI Cable", "Webcam", "Desk Lamp", "Portable SSD"],
        adjectives: ["Compact", "Pro", "Ultra-Slim", "Fast-Charging", "Noise-Cancelling", "Rugged", "Ergonomic", "4K", "Waterproof"],
        materials: ["aluminium", "recycled plastic", "braided nylon", "tempered glass", "silicone"],
      },
      fr: {
        nouns: ["Écouteurs sans fil", "Enceinte Bluetooth", "Chargeur USB-C", "Batterie externe", "Montre connectée", "Clavier mécanique", "Souris sans fil"],
        adjectives: ["compact", "pro", "premium", "sans fil", "nomade"],
        materials: ["aluminium", "plastique recyclé", "nylon tressé", "silicone"],
      },
      de: {
        nouns: ["Kabellose Kopfhörer", "Bluetooth-Lautsprecher", "USB-C-Ladegerät", "Powerbank", "Smartwatch", "Mechanische Tastatur", "Kabellose Maus"],
        adjectives: ["Kompakt", "Pro", "Premium", "Outdoor", "Reise"],
        materials: ["Aluminium", "recyceltem Kunststoff", "geflochtenem Nylon", "Silikon"],
      },
    },
    options: [
      { name: "Color", values: ["Black", "White", "Space Grey", "Blue"] },
      { name: "Style", values: ["Standard", "Bundle"] },
    ],
    priceRange: [9, 399],
    tags: ["wireless", "usb-c", "bluetooth", "bestseller", "gift", "new-arrival", "sale", "warranty-2y"],
    categories: [
      category("el-1-3", "Electronics > Audio > Audio Components > Headphones & Headsets"),
      category("el-1-9", "Electronics > Audio > Speakers"),
      category("el-6-4", "Electronics > Computers > Computer Accessories"),
      category("el-4-8", "Electronics > Communications > Telephony > Mobile Phone Accessories"),
    ],
    benefits: ["pairs in seconds", "up to 30 hours of battery life", "a two-year warranty", "works with iOS and Android", "fast USB-C charging"],
    careNotes: ["Keep away from water unless rated waterproof.", "Charge fully before first use.", "Recycle responsibly at end of life."],
  },
  home: {
    productType: "Home & Garden",
    vendors: ["Hearth & Home", "Oak Street Goods", "Casa Lumo", "Fieldhouse"],
    skuPrefix: "HOM",
    words: {
      en: {
        nouns: ["Ceramic Mug", "Throw Blanket", "Scented Candle", "Linen Napkins", "Cutting Board", "Plant Pot", "Bath Towel", "Table Lamp", "Cushion Cover", "Glass Carafe", "Wall Clock", "Storage Basket"],
        adjectives: ["Handmade", "Minimalist", "Rustic", "Stoneware", "Woven", "Oversized", "Nordic", "Hand-Poured"],
        materials: ["stoneware", "oak", "linen", "recycled glass", "jute", "soy wax", "cotton"],
      },
      fr: {
        nouns: ["Mug en céramique", "Plaid", "Bougie parfumée", "Serviettes en lin", "Planche à découper", "Cache-pot", "Lampe de table"],
        adjectives: ["fait main", "minimaliste", "rustique", "nordique", "artisanal"],
        materials: ["grès", "chêne", "lin", "verre recyclé", "cire de soja"],
      },
      de: {
        nouns: ["Keramiktasse", "Kuscheldecke", "Duftkerze", "Leinenservietten", "Schneidebrett", "Pflanztopf", "Tischlampe"],
        adjectives: ["Design", "Landhaus", "Vintage", "Premium", "Öko"],
        materials: ["Steinzeug", "Eiche", "Leinen", "Recyclingglas", "Sojawachs"],
      },
    },
    options: [
      { name: "Color", values: ["Natural", "Charcoal", "Terracotta", "Sage", "Ivory"] },
      { name: "Size", values: ["Small", "Medium", "Large"] },
    ],
    priceRange: [8, 220],
    tags: ["handmade", "kitchen", "living-room", "bedroom", "gift", "bestseller", "new-arrival", "sale", "eco"],
    categories: [
      category("hg-11-9", "Home & Garden > Kitchen & Dining > Tableware > Drinkware"),
      category("hg-3-3", "Home & Garden > Decor > Candles"),
      category("hg-13-1", "Home & Garden > Linens & Bedding > Bedding > Blankets"),
    ],
    benefits: ["brings warmth to any room", "each piece is slightly unique", "dishwasher safe", "made in small batches", "pairs with any decor"],
    careNotes: ["Hand wash recommended.", "Trim the wick to 5 mm before each burn.", "Wipe clean with a damp cloth."],
  },
  food: {
    productType: "Food & Drink",
    vendors: ["Ridgeview Pantry", "Bean & Barrel", "The Honey Co.", "Terra Kitchen"],
    skuPrefix: "FOD",
    words: {
      en: {
        nouns: ["Dark Chocolate Bar", "Single-Origin Coffee", "Loose Leaf Tea", "Olive Oil", "Raw Honey", "Granola", "Hot Sauce", "Sea Salt Caramels", "Pasta Sauce", "Maple Syrup", "Trail Mix", "Matcha Powder"],
        adjectives: ["Organic", "Small-Batch", "Fair Trade", "Artisan", "Cold-Pressed", "Smoked", "Spiced", "Wildflower"],
        materials: ["single-estate beans", "wildflower nectar", "stone-ground cacao", "Kalamata olives", "rolled oats"],
      },
      fr: {
        nouns: ["Chocolat noir", "Café de spécialité", "Thé en vrac", "Huile d'olive", "Miel cru", "Granola", "Caramels au sel"],
        adjectives: ["bio", "artisanal", "équitable", "premium", "de saison"],
        materials: ["cacao moulu à la pierre", "fleurs sauvages", "olives de Kalamata", "flocons d'avoine"],
      },
      de: {
        nouns: ["Zartbitterschokolade", "Spezialitätenkaffee", "Loser Tee", "Olivenöl", "Rohhonig", "Granola", "Salzkaramell"],
        adjectives: ["Bio", "Fairtrade", "Premium", "Manufaktur", "Feinkost"],
        materials: ["steingemahlenem Kakao", "Wildblütennektar", "Kalamata-Oliven", "Haferflocken"],
      },
    },
    options: [
      { name: "Size", values: ["250 g", "500 g", "1 kg"] },
      { name: "Flavor", values: ["Original", "Smoked", "Chili", "Vanilla"] },
    ],
    priceRange: [4, 60],
    tags: ["organic", "vegan", "gluten-free", "gift", "bestseller", "pantry", "new-arrival", "sale"],
    categories: [
      category("fb-2-3", "Food, Beverages & Tobacco > Food Items > Candy & Chocolate"),
      category("fb-1-3", "Food, Beverages & Tobacco > Beverages > Coffee"),
      category("fb-2-12", "Food, Beverages & Tobacco > Food Items > Cooking & Baking Ingredients"),
    ],
    benefits: ["roasted weekly in small batches", "sourced directly from growers", "no artificial flavours", "a rich, rounded finish", "perfect for gifting"],
    careNotes: ["Store in an airtight container.", "Best before date printed on pack.", "May contain traces of nuts."],
  },
};

export const VERTICAL_NAMES: readonly Vertical[] = ["apparel", "beauty", "electronics", "home", "food"];

/** Short sentences in each language, with {noun}, {material}, {benefit}, {vendor} slots. */
export const SENTENCES: Readonly<Record<ContentLanguage, readonly string[]>> = {
  en: [
    "Our {noun} is made from {material}.",
    "Designed by {vendor}. Why customers love it: {benefit}.",
    "Meet the {noun}: thoughtfully made from {material}.",
    "A customer favourite. Highlights: {benefit}.",
    "Crafted with {material} for everyday use.",
  ],
  fr: [
    "Notre {noun} est fabriqué en {material}.",
    "Conçu par {vendor}, ce produit est pensé pour durer.",
    "Découvrez le {noun}, fabriqué avec soin en {material}.",
    "Un incontournable, idéal pour offrir.",
  ],
  de: [
    "Unser {noun} wird aus {material} gefertigt.",
    "Entworfen von {vendor}, gemacht für den Alltag.",
    "Entdecken Sie {noun} aus {material}.",
    "Ein Lieblingsstück unserer Kundinnen und Kunden.",
  ],
};

export const ALT_TEMPLATES: readonly string[] = [
  "{color} {noun}, front view",
  "{noun} on a white background",
  "Close-up of the {noun} texture",
  "{noun} in use",
  "{vendor} {noun} packaging",
];

export const IMAGE_SIZES: readonly (readonly [number, number])[] = [
  [2048, 2048],
  [1600, 1600],
  [1200, 1500],
  [1080, 1350],
  [800, 800],
  [3000, 2000],
];
