import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

/**
 * Custom model endpoints are URLs a merchant types. Before Plume sends a
 * request (and a key) there, the host must resolve only to public addresses:
 * loopback, private, link-local, cloud metadata and other special ranges are
 * refused unless the operator allows that host explicitly (for a self-hosted
 * Ollama next to the app) with PLUME_ALLOWED_MODEL_HOSTS. The check runs when
 * settings are saved and again on every call, so DNS changes are caught.
 */
const blocked = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, incl. 169.254.169.254 metadata
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96], // NAT64
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7], // unique local, incl. fd00:ec2::254 metadata
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
] as const) {
  blocked.addSubnet(network, prefix, "ipv6");
}

const METADATA_HOSTNAMES = new Set(["metadata.google.internal", "metadata", "instance-data", "metadata.azure.com"]);

export class UnsafeEndpointError extends Error {
  override name = "UnsafeEndpointError";
  constructor(
    message: string,
    readonly reason: "scheme" | "credentials" | "private_address" | "metadata" | "unresolvable",
  ) {
    super(message);
  }
}

export interface EndpointPolicy {
  /** host or host:port entries the operator allows even on private addresses */
  allowedHosts: readonly string[];
  resolve?: (hostname: string) => Promise<string[]>;
}

function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped?.[1]) return blocked.check(mapped[1], "ipv4");
    return blocked.check(address, "ipv6");
  }
  return true;
}

async function defaultResolve(hostname: string): Promise<string[]> {
  const results = await lookup(hostname, { all: true, verbatim: true });
  return results.map((result) => result.address);
}

/** Throws UnsafeEndpointError unless `url` may receive model requests. */
export async function assertSafeEndpoint(url: string, policy: EndpointPolicy): Promise<URL> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UnsafeEndpointError("not a valid URL", "scheme");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new UnsafeEndpointError("only http and https endpoints are allowed", "scheme");
  if (parsed.username || parsed.password) throw new UnsafeEndpointError("credentials in the URL are not allowed; use the API key field", "credentials");
  const hostname = parsed.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const port = parsed.port || (parsed.protocol === "https:" ? "443" : "80");
  const allowed = policy.allowedHosts.some((entry) => {
    const normalized = entry.trim().toLowerCase();
    return normalized === hostname || normalized === `${hostname}:${port}`;
  });
  if (allowed) return parsed;
  if (METADATA_HOSTNAMES.has(hostname)) throw new UnsafeEndpointError(`${hostname} is a cloud metadata endpoint`, "metadata");
  let addresses: string[];
  try {
    addresses = isIP(hostname) ? [hostname] : await (policy.resolve ?? defaultResolve)(hostname);
  } catch {
    throw new UnsafeEndpointError(`${hostname} does not resolve`, "unresolvable");
  }
  if (addresses.length === 0) throw new UnsafeEndpointError(`${hostname} does not resolve`, "unresolvable");
  const bad = addresses.find(isBlockedAddress);
  if (bad) {
    throw new UnsafeEndpointError(
      `${hostname} resolves to ${bad}, a private, loopback, link-local or metadata address; an operator can allow it with PLUME_ALLOWED_MODEL_HOSTS`,
      bad === "169.254.169.254" ? "metadata" : "private_address",
    );
  }
  return parsed;
}

/** A fetch that re-checks the destination on every request (DNS can change after settings were saved). */
export function createGuardedFetch(policy: EndpointPolicy, baseFetch: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    await assertSafeEndpoint(url, policy);
    return baseFetch(input, { ...init, redirect: "error" });
  };
}
