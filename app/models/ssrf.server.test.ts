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
