import { lookup } from "node:dns/promises";
import net from "node:net";

import { ValidationError } from "@/server/errors";

/** Which webhook addresses the portal may call (docs/webhooks.md, "Which URLs are refused"). */
export interface AddressPolicy {
  allowPrivateNetworks: boolean;
  /** Lower-case host names or address literals that may be private or loopback. */
  allowedHosts: string[];
}

function blockList(subnets: [string, number, "ipv4" | "ipv6"][]) {
  const list = new net.BlockList();
  for (const [address, prefix, family] of subnets) list.addSubnet(address, prefix, family);
  return list;
}

/** Never reachable, whatever the allow-list says: cloud metadata, link-local, unspecified, multicast. */
const never = blockList([
  ["0.0.0.0", 8, "ipv4"],
  ["169.254.0.0", 16, "ipv4"],
  ["100.100.100.200", 32, "ipv4"],
  ["224.0.0.0", 3, "ipv4"],
  ["::", 128, "ipv6"],
  ["fe80::", 10, "ipv6"],
  ["fd00:ec2::254", 128, "ipv6"],
  ["ff00::", 8, "ipv6"],
]);
const loopback = blockList([
  ["127.0.0.0", 8, "ipv4"],
  ["::1", 128, "ipv6"],
]);
const privateNetworks = blockList([
  ["10.0.0.0", 8, "ipv4"],
  ["172.16.0.0", 12, "ipv4"],
  ["192.168.0.0", 16, "ipv4"],
  ["100.64.0.0", 10, "ipv4"],
  ["fc00::", 7, "ipv6"],
]);

/** ::ffff:127.0.0.1 is 127.0.0.1. */
function normalise(address: string): { address: string; family: "ipv4" | "ipv6" } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return { address: mapped[1], family: "ipv4" };
  return { address, family: net.isIPv6(address) ? "ipv6" : "ipv4" };
}

function refusal(raw: string, policy: AddressPolicy, isAllowedHost: boolean): string | null {
  const { address, family } = normalise(raw);
  if (never.check(address, family)) return `${address} is a link-local, metadata or otherwise unroutable address`;
  if (isAllowedHost) return null;
  if (loopback.check(address, family)) return `${address} is this machine (loopback); list the host in WEBHOOK_ALLOWED_HOSTS to allow it`;
  if (privateNetworks.check(address, family) && !policy.allowPrivateNetworks) return `${address} is in a private network; set WEBHOOK_ALLOW_PRIVATE_NETWORKS or list the host in WEBHOOK_ALLOWED_HOSTS`;
  return null;
}

export function parseWebhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ValidationError(`"${raw}" is not a URL.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new ValidationError(`A webhook URL starts with https:// or http://, not ${url.protocol}`);
  if (url.username || url.password) throw new ValidationError("Put no user name or password in a webhook URL; the signature authenticates the portal.");
  return url;
}

/**
 * The address a delivery may connect to, checked on every address the name
 * resolves to now: at save and again at each delivery, whose socket then
 * connects to exactly this address (no second lookup to rebind).
 */
export async function resolveWebhookAddress(raw: string, policy: AddressPolicy): Promise<{ url: URL; address: string; family: 4 | 6 }> {
  const url = parseWebhookUrl(raw);
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  const isAllowedHost = policy.allowedHosts.includes(host);
  let addresses: { address: string; family: number }[];
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch (error) {
    throw new ValidationError(`${host} cannot be resolved: ${(error as Error).message}`);
  }
  for (const { address } of addresses) {
    const why = refusal(address, policy, isAllowedHost);
    if (why) throw new ValidationError(`The webhook URL is refused: ${host} resolves to ${why}.`);
  }
  const [first] = addresses;
  if (!first) throw new ValidationError(`${host} resolves to no address.`);
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
