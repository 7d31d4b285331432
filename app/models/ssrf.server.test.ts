import { describe, expect, it } from "vitest";
import { assertSafeEndpoint, UnsafeEndpointError } from "./ssrf.server";

const noAllow = { allowedHosts: [] as string[] };
const resolvingTo = (addresses: string[]) => ({ allowedHosts: [] as string[], resolve: async () => addresses });

async function reasonFor(url: string, policy: Parameters<typeof assertSafeEndpoint>[1] = noAllow) {
  try {
    await assertSafeEndpoint(url, policy);
    return "allowed";
  } catch (error) {
    if (error instanceof UnsafeEndpointError) return error.reason;
    throw error;
  }
}

describe("SSRF guard for custom model endpoints", () => {
  it.each([
    "http://127.0.0.1:11434/v1",
    "http://localhost:11434/v1",
    "http://[::1]:8000/v1",
    "http://10.0.0.5/v1",
    "http://172.20.1.1/v1",
    "http://192.168.1.10/v1",
    "http://100.64.0.1/v1",
    "http://0.0.0.0:8080/v1",
    "http://[fd00:ec2::254]/latest",
    "http://[fe80::1]/v1",
    "http://[::ffff:127.0.0.1]/v1",
    "http://2130706433/v1", // 127.0.0.1 as a decimal integer
    "http://0x7f000001/v1", // 127.0.0.1 in hex
  ])("refuses %s", async (url) => {
    expect(await reasonFor(url)).toBe("private_address");
  });

  it.each([
    ["IPv4-compatible loopback", "http://[::127.0.0.1]/v1"],
    ["IPv4-compatible private", "http://[::10.0.0.1]/v1"],
    ["IPv4-compatible in hex", "http://[::7f00:1]/v1"],
    ["IPv4-mapped in hex", "http://[::ffff:7f00:1]/v1"],
    ["IPv4-mapped private in hex", "http://[::ffff:a00:1]/v1"],
    ["IPv4-mapped, expanded", "http://[0:0:0:0:0:ffff:127.0.0.1]/v1"],
    ["IPv4-translated", "http://[::ffff:0:127.0.0.1]/v1"],
    ["6to4 of loopback", "http://[2002:7f00:1::]/v1"],
    ["6to4 of a private address", "http://[2002:c0a8:101::1]/v1"],
    ["Teredo", "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/v1"],
    ["Teredo, short", "http://[2001::1]/v1"],
    ["NAT64 of loopback", "http://[64:ff9b::127.0.0.1]/v1"],
    ["NAT64 of a public address", "http://[64:ff9b::5db8:d822]/v1"],
    ["local-use NAT64", "http://[64:ff9b:1::a00:1]/v1"],
  ])("refuses IPv6 that embeds IPv4: %s (%s)", async (_name, url) => {
    expect(await reasonFor(url)).toBe("private_address");
  });

  it.each([
    ["IPv6 embedding a private IPv4 from DNS", ["::ffff:7f00:1"]],
    ["6to4 of metadata from DNS", ["2002:a9fe:a9fe::"]],
    ["Teredo from DNS", ["2001:0:4136:e378:8000:63bf:3fff:fdd2"]],
  ])("refuses a name that resolves to %s", async (_name, addresses) => {
    expect(await reasonFor("https://models.example.com/v1", resolvingTo(addresses))).toBe("private_address");
  });

  it.each([
    ["a public IPv6 address", "http://[2606:2800:220:1:248:1893:25c8:1946]/v1"],
    ["6to4 of a public address", "http://[2002:5db8:d822::1]/v1"],
    ["IPv4-mapped public address", "http://[::ffff:93.184.216.34]/v1"],
  ])("allows %s (%s)", async (_name, url) => {
    expect(await reasonFor(url)).toBe("allowed");
  });

  it("refuses the cloud metadata address and hostnames", async () => {
    expect(await reasonFor("http://169.254.169.254/latest/meta-data/")).toBe("metadata");
    expect(await reasonFor("http://metadata.google.internal/computeMetadata/v1/")).toBe("metadata");
  });

  it("refuses a public-looking name that resolves to a private address (DNS rebinding)", async () => {
    expect(await reasonFor("https://models.example.com/v1", resolvingTo(["93.184.216.34", "10.1.2.3"]))).toBe("private_address");
  });

  it("refuses other schemes and credentials in the URL", async () => {
    expect(await reasonFor("file:///etc/passwd")).toBe("scheme");
    expect(await reasonFor("gopher://example.com/")).toBe("scheme");
    expect(await reasonFor("https://user:pass@api.example.com/v1", resolvingTo(["93.184.216.34"]))).toBe("credentials");
  });

  it("allows a public address, and a private host the operator allowed", async () => {
    expect(await reasonFor("https://api.example.com/v1", resolvingTo(["93.184.216.34"]))).toBe("allowed");
    expect(await reasonFor("http://127.0.0.1:11434/v1", { allowedHosts: ["127.0.0.1:11434"] })).toBe("allowed");
    expect(await reasonFor("http://127.0.0.1:9999/v1", { allowedHosts: ["127.0.0.1:11434"] })).toBe("private_address");
  });
});
