import { describe, expect, it } from "vitest";
import { dataFlowFor } from "./data-flow.server";
import { BackendRegistry, BUILT_IN_BACKENDS } from "./registry";

const registry = BackendRegistry.withExtras([
  { id: "emulated-openai", extends: "openai", label: "OpenAI (emulated)", baseUrl: "http://127.0.0.1:4100/v1", emulated: true },
  { id: "gateway-mistral", extends: "mistral", label: "Company gateway", baseUrl: "https://llm-gateway.example.com/v1", emulated: false },
]);
const noConnection = undefined;

describe("the hosts that receive product data", () => {
  it("is the provider's own host by default", () => {
    const flow = dataFlowFor(registry.get("openai"), noConnection, false);
    expect(flow.hosts).toEqual(["api.openai.com"]);
    expect(flow.terms.processor).toBe("OpenAI");
    expect(flow.customEndpoint).toBe(false);
  });

  it("follows a base URL the merchant configured for a hosted EU backend, flagged as not the provider's own", () => {
    const flow = dataFlowFor(registry.get("scaleway"), { baseUrl: "https://inference.eu.example.net/v1", useOperatorKey: false }, false);
    expect(flow.hosts).toEqual(["inference.eu.example.net"]);
    expect(flow.customEndpoint).toBe(true);
    // the shipped one for comparison
    expect(dataFlowFor(registry.get("scaleway"), { baseUrl: null, useOperatorKey: false }, false)).toMatchObject({ hosts: ["api.scaleway.ai"], customEndpoint: false });
  });

  it("follows an operator's base URL (PLUME_EXTRA_BACKENDS) with the terms of the backend it extends", () => {
    const gateway = dataFlowFor(registry.get("gateway-mistral"), noConnection, false);
    expect(gateway.hosts).toEqual(["llm-gateway.example.com"]);
    expect(gateway.terms.processor).toBe("Mistral AI");
    expect(gateway.customEndpoint).toBe(true);
    const emulated = dataFlowFor(registry.get("emulated-openai"), noConnection, false);
    expect(emulated).toMatchObject({ hosts: ["127.0.0.1:4100"], emulated: true, customEndpoint: false });
  });

  it("with the operator's key, is the operator's endpoint, not a URL the merchant typed (as a call would be)", () => {
    const flow = dataFlowFor(registry.get("ovhcloud"), { baseUrl: "https://elsewhere.example.org/v1", useOperatorKey: true }, true);
    expect(flow.hosts).toEqual(["oai.endpoints.kepler.ai.cloud.ovh.net"]);
  });

  it("shows a self-hosted server's own host, with the 'stays on your servers' terms", () => {
    const ollama = dataFlowFor(registry.get("ollama"), { baseUrl: "http://gpu-box.internal:11434/v1", useOperatorKey: false }, false);
    expect(ollama.hosts).toEqual(["gpu-box.internal:11434"]);
    expect(ollama.terms).toMatchObject({ kind: "self-hosted", processor: null, processing: { kind: "your-server" } });
    expect(ollama.customEndpoint).toBe(false);
    expect(dataFlowFor(registry.get("ollama"), noConnection, false).hosts).toEqual(["localhost:11434"]);
    const custom = dataFlowFor(registry.get("custom"), { baseUrl: "https://llm.shop-owner.fr/v1", useOperatorKey: false }, false);
    expect(custom.hosts).toEqual(["llm.shop-owner.fr"]);
    expect(dataFlowFor(registry.get("custom"), noConnection, false)).toMatchObject({ hosts: [], endpointMissing: true });
  });

  it("sends nothing anywhere for Templates", () => {
    expect(dataFlowFor(registry.get("templates"), noConnection, false)).toMatchObject({ hosts: [], endpointMissing: false, terms: { kind: "on-server" } });
  });

  it("knows every shipped backend", () => {
    for (const backend of BUILT_IN_BACKENDS) expect(() => dataFlowFor(backend, noConnection, false), backend.id).not.toThrow();
  });
});
