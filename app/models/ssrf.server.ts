import { lookup } from "node:dns/promises";
import type { LookupAddress } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { Agent, type Dispatcher } from "undici";

/**
 * Custom model endpoints are URLs a merchant types. Before Plume sends a
 * request (and a key) there, the host must resolve only to public addresses:
 * loopback, private, link-local, cloud metadata and other special ranges are
 * refused unless the operator allows that host explicitly (for a self-hosted
 * Ollama next to the app) with PLUME_ALLOWED_MODEL_HOSTS. The check runs when
 * settings are saved and again on every call, and the connection itself goes
 * through an undici Agent whose `lookup` vets every address it resolves: the
 * address connected to is an address checked, so a name that answers a
 * public address to the check and 127.0.0.1 to the connection (DNS
 * rebinding) is refused.
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
  ["64:ff9b::", 96], // NAT64: the IPv4 behind it is chosen by the network, so refused whole
  ["64:ff9b:1::", 48], // local-use NAT64
  ["2001::", 32], // Teredo: tunnels to an IPv4 server and client, refused whole
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
    readonly reason: "invalid_url" | "scheme" | "credentials" | "private_address" | "metadata" | "unresolvable",
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface EndpointPolicy {
  /** host or host:port entries the operator allows even on private addresses */
  allowedHosts: readonly string[];
  resolve?: (hostname: string) => Promise<string[]>;
}

/** The eight 16-bit groups of a valid IPv6 address (dotted IPv4 tail included). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase().replace(/%.*$/, "");
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const parse = (part: string) => (part ? part.split(":").map((group) => Number.parseInt(group, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

const ipv4From = (high: number, low: number) => [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");

/**
 * The IPv4 address an IPv6 address carries, where it carries one a host could
 * route to: IPv4-compatible ::a.b.c.d (::/96), IPv4-mapped ::ffff:a.b.c.d
 * (incl. hex forms such as ::ffff:7f00:1), IPv4-translated ::ffff:0:a.b.c.d
 * and 6to4 2002:aabb:ccdd::/16. Each is then judged by the IPv4 rules.
 */
function embeddedIpv4(groups: readonly number[]): string | undefined {
  const [g0, g1, g2, g3, g4, g5, g6 = 0, g7 = 0] = groups;
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0) {
    if (g4 === 0 && (g5 === 0 || g5 === 0xffff)) return ipv4From(g6, g7);
    if (g4 === 0xffff && g5 === 0) return ipv4From(g6, g7);
  }
  if (g0 === 0x2002) return ipv4From(g1 ?? 0, g2 ?? 0);
  return undefined;
}

function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family === 6) {
    const groups = ipv6Groups(address);
    if (groups.length !== 8 || groups.some((group) => !Number.isInteger(group) || group < 0 || group > 0xffff)) return true;
    const embedded = embeddedIpv4(groups);
    if (embedded !== undefined) return blocked.check(embedded, "ipv4");
    return blocked.check(address, "ipv6");
  }
  return true;
}

async function defaultResolve(hostname: string): Promise<string[]> {
  const results = await lookup(hostname, { all: true, verbatim: true });
  return results.map((result) => result.address);
}

function isAllowedHost(hostname: string, port: string, policy: EndpointPolicy): boolean {
  return policy.allowedHosts.some((entry) => {
    const normalized = entry.trim().toLowerCase();
    return normalized === hostname || normalized === `${hostname}:${port}`;
  });
}

function parseEndpoint(url: string): { parsed: URL; hostname: string; port: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new UnsafeEndpointError("not a valid URL", "invalid_url", { cause: error });
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new UnsafeEndpointError("only http and https endpoints are allowed", "scheme");
  if (parsed.username || parsed.password) throw new UnsafeEndpointError("credentials in the URL are not allowed; use the API key field", "credentials");
  const hostname = parsed.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const port = parsed.port || (parsed.protocol === "https:" ? "443" : "80");
  return { parsed, hostname, port };
}

/** Resolves `hostname` (or takes the literal) and returns its addresses, all of them vetted. */
async function vettedAddresses(hostname: string, policy: EndpointPolicy): Promise<string[]> {
  if (METADATA_HOSTNAMES.has(hostname)) throw new UnsafeEndpointError(`${hostname} is a cloud metadata endpoint`, "metadata");
  let addresses: string[];
  try {
    addresses = isIP(hostname) ? [hostname] : await (policy.resolve ?? defaultResolve)(hostname);
  } catch (error) {
    throw new UnsafeEndpointError(`${hostname} does not resolve`, "unresolvable", { cause: error });
  }
  if (addresses.length === 0) throw new UnsafeEndpointError(`${hostname} does not resolve`, "unresolvable");
  const bad = addresses.find(isBlockedAddress);
  if (bad) {
    throw new UnsafeEndpointError(
      `${hostname} resolves to ${bad}, a private, loopback, link-local or metadata address; an operator can allow it with PLUME_ALLOWED_MODEL_HOSTS`,
      bad === "169.254.169.254" ? "metadata" : "private_address",
    );
  }
  return addresses;
}

/** Throws UnsafeEndpointError unless `url` may receive model requests. */
export async function assertSafeEndpoint(url: string, policy: EndpointPolicy): Promise<URL> {
  const { parsed, hostname, port } = parseEndpoint(url);
  if (isAllowedHost(hostname, port, policy)) return parsed;
  await vettedAddresses(hostname, policy);
  return parsed;
}

/**
 * A `lookup` for net/tls connect: resolves with the policy's resolver, refuses
 * the connection if any answer is a refused address, and hands the socket only
 * vetted addresses.
 */
export function guardedLookup(policy: EndpointPolicy): LookupFunction {
  return (hostname, options, callback) => {
    vettedAddresses(hostname.replace(/^\[|\]$/g, "").toLowerCase(), policy).then(
      (addresses) => {
        const entries: LookupAddress[] = addresses
          .map((address) => ({ address, family: isIP(address) }))
          .filter((entry) => !options.family || options.family === entry.family || (options.family === "IPv4" && entry.family === 4) || (options.family === "IPv6" && entry.family === 6));
        const first = entries[0];
        if (!first) {
          callback(Object.assign(new UnsafeEndpointError(`${hostname} has no address of the requested family`, "unresolvable"), { code: "ENOTFOUND" }), "", 0);
          return;
        }
        if (options.all) callback(null, entries);
        else callback(null, first.address, first.family);
      },
      (error: unknown) => {
        const failure = error instanceof Error ? error : new UnsafeEndpointError(String(error), "unresolvable");
        callback(Object.assign(failure, { code: "EPLUMEUNSAFE" }), "", 0);
      },
    );
  };
}

// One pair of agents per policy: connections are pooled across calls.
const agents = new WeakMap<EndpointPolicy, { guarded: Dispatcher; allowed: Dispatcher }>();

function agentsFor(policy: EndpointPolicy) {
  let pair = agents.get(policy);
  if (!pair) {
    pair = { guarded: new Agent({ connect: { lookup: guardedLookup(policy) } }), allowed: new Agent() };
    agents.set(policy, pair);
  }
  return pair;
}

/**
 * A fetch that re-checks the destination on every request and connects only
 * to vetted addresses (DNS can change after settings were saved, or between
 * the check and the connection). Redirects are refused.
 */
export function createGuardedFetch(policy: EndpointPolicy, baseFetch: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const { hostname, port } = parseEndpoint(url);
    await assertSafeEndpoint(url, policy);
    const pair = agentsFor(policy);
    const dispatcher = isAllowedHost(hostname, port, policy) ? pair.allowed : pair.guarded;
    const guardedInit: RequestInit & { dispatcher: Dispatcher } = { ...init, redirect: "error", dispatcher };
    return baseFetch(input, guardedInit);
  };
}
