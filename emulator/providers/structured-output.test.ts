/**
 * Every surface, called through its real AI SDK provider with Output.object: the
 * output parses with the zod schema, usage is plausible, the request on the wire
 * carries the schema the way that provider expects it, and replies are deterministic
 * and written in the target locale.
 */
import { generateText, Output } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { productPrompt, surfaceModel, surfaceNames, type SurfaceName } from "./testing/sdk-clients";
import { emulatorPerTestFile } from "./testing/emulator-per-test-file";

const copySchema = z.object({
  descriptionHtml: z.string().min(40),
  seoTitle: z.string().max(60),
  metaDescription: z.string().max(160),
  altTexts: z.array(z.object({ imageId: z.string(), alt: z.string().min(1).max(125) })),
  tags: z.array(z.string()).min(1).max(5),
});

const mug = {
  title: "Stoneware Mug",
  vendor: "Atelier Nord",
  productType: "Mugs",
  tags: ["kitchen", "gift", "ceramic"],
  options: [{ name: "Color", values: ["Sand", "Slate"] }],
  variants: [
    { title: "Sand", price: "24.00", sku: "MUG-SAND" },
    { title: "Slate", price: "26.00", sku: "MUG-SLATE" },
  ],
  description: "<p>Hand-glazed stoneware. Holds 350 ml.</p>",
  images: [
    { id: "gid://shopify/MediaImage/101", alt: null },
    { id: "gid://shopify/MediaImage/102", alt: null },
  ],
};

const emulator = emulatorPerTestFile();

async function generate(surface: SurfaceName, facts: Record<string, unknown>) {
  return generateText({ model: surfaceModel(emulator, surface), output: Output.object({ schema: copySchema }), prompt: productPrompt(facts), maxOutputTokens: 1500, maxRetries: 0 });
}

/** Where each provider's request carries the output schema, as the AI SDK sends it. */
function sentSchema(surface: SurfaceName, body: Record<string, unknown>): unknown {
  const at = (value: unknown, ...path: (string | number)[]): unknown =>
    path.reduce<unknown>((node, key) => (node !== null && typeof node === "object" ? (node as Record<string | number, unknown>)[key] : undefined), value);
  switch (surface) {
    case "openai-responses":
      return at(body, "text", "format", "schema");
    case "openai-chat":
    case "mistral":
    case "ollama-v1":
    case "compatible":
      return at(body, "response_format", "json_schema", "schema");
    case "anthropic":
      return at(body, "output_config", "format", "schema");
    case "anthropic-json-tool":
      return at(body, "tools", 0, "input_schema");
    case "gemini":
      // @ai-sdk/google 4 sends full JSON Schema as responseJsonSchema (3.x sent the OpenAPI subset as responseSchema).
      return at(body, "generationConfig", "responseJsonSchema");
  }
}

describe.each(surfaceNames)("%s through the AI SDK", (surface) => {
  it("returns an object that parses with the zod schema, with plausible usage", async () => {
    const result = await generate(surface, mug);
    expect(copySchema.safeParse(result.output).success).toBe(true);
    expect(result.output.altTexts.map((alt) => alt.imageId)).toEqual(["gid://shopify/MediaImage/101", "gid://shopify/MediaImage/102"]);
    expect(result.output.descriptionHtml).toContain("<strong>Stoneware Mug</strong>");
    expect(result.output.seoTitle).toBe("Stoneware Mug | Atelier Nord");
    const { inputTokens = 0, outputTokens = 0, totalTokens = 0 } = result.usage;
    // About four characters a token: the prompt is ~600 characters plus the schema.
    expect(inputTokens).toBeGreaterThan(100);
    expect(inputTokens).toBeLessThan(1500);
    expect(outputTokens).toBeGreaterThan(50);
    expect(outputTokens).toBeLessThanOrEqual(1500);
    expect(totalTokens).toBe(inputTokens + outputTokens);
  });

  it("receives the JSON schema where this provider expects it", async () => {
    await generate(surface, mug);
    const [request] = emulator.requests;
    expect(request?.status).toBe(200);
    const body = request?.body as Record<string, unknown>;
    const schema = sentSchema(surface, body) as { properties?: Record<string, unknown> } | undefined;
    expect(Object.keys(schema?.properties ?? {})).toEqual(["descriptionHtml", "seoTitle", "metaDescription", "altTexts", "tags"]);
    expect(JSON.stringify(body)).not.toContain("sk-");
    expect(body).toMatchSnapshot();
  });

  it("answers the same request with the same output", async () => {
    const first = await generate(surface, mug);
    const second = await generate(surface, mug);
    expect(second.text).toBe(first.text);
    expect(second.output).toEqual(first.output);
    const other = await generate(surface, { ...mug, title: "Linen Apron" });
    expect(other.text).not.toBe(first.text);
  });

  it("writes French copy when the target locale is fr", async () => {
    const result = await generate(surface, { ...mug, targetLocale: "fr" });
    expect(result.output.descriptionHtml).toMatch(/Découvrez|Voici/);
    expect(result.output.descriptionHtml).toContain("Commandez dès aujourd'hui.");
    expect(result.output.descriptionHtml).toContain("À partir de 24,00");
    expect(result.output.metaDescription).toMatch(/^Achetez Stoneware Mug/);
    expect(`${result.output.descriptionHtml} ${result.output.metaDescription}`).not.toMatch(/\b(Discover|Order yours|Available in|From \d)/);
  });
});

describe("German, and the schema Gemini receives", () => {
  const longTitle = "Handgefertigter Steinzeugbecher mit besonders langem Produktnamen für Tests";

  it("receives JSON Schema with its length limits, and keeps to them", async () => {
    const result = await generate("gemini", { ...mug, targetLocale: "de", title: longTitle });
    const body = emulator.requests[0]?.body as { generationConfig: { responseSchema?: unknown; responseJsonSchema: { properties: Record<string, Record<string, unknown>> } } };
    expect(body.generationConfig.responseSchema).toBeUndefined();
    expect(body.generationConfig.responseJsonSchema.properties["seoTitle"]).toMatchObject({ type: "string", maxLength: 60 });
    expect(result.output.seoTitle.length).toBeLessThanOrEqual(60);
    expect(result.output.descriptionHtml).toContain("Jetzt bestellen.");
  });

  it("keeps to conventional lengths when the schema carries no limits, cutting between words", async () => {
    const unbounded = z.object({ descriptionHtml: z.string(), seoTitle: z.string(), metaDescription: z.string(), altTexts: z.array(z.object({ imageId: z.string(), alt: z.string() })), tags: z.array(z.string()) });
    const result = await generateText({
      model: surfaceModel(emulator, "gemini"),
      output: Output.object({ schema: unbounded }),
      prompt: productPrompt({ ...mug, targetLocale: "de", title: longTitle }),
      maxOutputTokens: 1500,
      maxRetries: 0,
    });
    const body = emulator.requests[0]?.body as { generationConfig: { responseJsonSchema: { properties: Record<string, Record<string, unknown>> } } };
    expect(body.generationConfig.responseJsonSchema.properties["seoTitle"]).toEqual({ type: "string" });
    expect(result.output.seoTitle.length).toBeLessThanOrEqual(60);
    expect(result.output.seoTitle).toBe("Handgefertigter Steinzeugbecher mit besonders langem");
  });
});
