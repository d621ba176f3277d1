// Where the hub may POST a webhook (SSRF guard). The hub sits inside a government
// network: an endpoint URL that names, or resolves to, an address on that network, the
// machine itself or a cloud metadata service would let whoever registers it make the
// hub call those from the inside. So a target must be https and every address its name
// resolves to must be public. The check is pure over the resolved addresses: it runs at
// registration, again before each delivery, and inside the connection's own DNS lookup
// (server/webhooks/send.ts), so a name that re-resolves to an inside address between
// the check and the connection is refused too.

import { isIP } from "node:net";

export interface TargetPolicy {
  /** The hub's PUBLIC_URL is https: no plain-http loopback exception (it is for development and tests). */
  publicUrlHttps: boolean;
  /** WEBHOOKS_ALLOW_PRIVATE: private and loopback targets allowed (a receiver on the same network). */
  allowPrivate: boolean;
}

export type TargetRefusal = "webhook_url_invalid" | "webhook_not_https" | "webhook_unresolvable" | "webhook_private_target";
export type TargetVerdict = { ok: true } | { ok: false; error: TargetRefusal };

/** What an address is, for the rules below. */
export type AddressClass = "public" | "private" | "loopback" | "link_local" | "unspecified" | "metadata" | "reserved";

const v4 = (s: string): number[] | null => {
  const parts = s.split(".");
  if (parts.length !== 4) return null;
  const n = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  return n.every((x) => x >= 0 && x <= 255) ? n : null;
};

function classifyV4([a, b, c, d]: number[]): AddressClass {
  if (a === 169 && b === 254 && c === 169 && d === 254) return "metadata";
  if (a === 100 && b === 100 && c === 100 && d === 200) return "metadata"; // Alibaba Cloud
  if (a === 0) return "unspecified";
  if (a === 127) return "loopback";
  if (a === 10 || (a === 172 && b! >= 16 && b! <= 31) || (a === 192 && b === 168)) return "private";
  if (a === 100 && b! >= 64 && b! <= 127) return "private"; // carrier-grade NAT, RFC 6598
  if (a === 169 && b === 254) return "link_local";
  if (a === 192 && b === 0 && c === 0) return "reserved"; // IETF protocol assignments
  if (a === 198 && (b === 18 || b === 19)) return "private"; // benchmarking, used inside networks
  if (a! >= 224) return "reserved"; // multicast, 240/4 and broadcast
  return "public";
}

/** The 8 groups of an IPv6 address, or null; an embedded IPv4 tail is expanded. */
function groupsV6(s: string): number[] | null {
  let text = s.split("%")[0]!.toLowerCase();
  const tail = /:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const q = v4(tail[1]!);
    if (!q) return null;
    text = `${text.slice(0, tail.index)}:${((q[0]! << 8) | q[1]!).toString(16)}:${((q[2]! << 8) | q[3]!).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parse = (h: string) => (h ? h.split(":").map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)) : []);
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  const fill = 8 - head.length - rest.length;
  if (halves.length === 1 ? fill !== 0 : fill < 1) return null;
  const all = [...head, ...Array<number>(halves.length === 2 ? fill : 0).fill(0), ...rest];
  return all.every((g) => Number.isInteger(g)) ? all : null;
}

export function classifyAddress(address: string): AddressClass {
  const plain = address.replace(/^\[|\]$/g, "");
  const q = v4(plain);
  if (q) return classifyV4(q);
  if (isIP(plain) !== 6) return "reserved";
  const g = groupsV6(plain);
  if (!g) return "reserved";
  const [g0, , , , , g5, g6, g7] = g as [number, number, number, number, number, number, number, number];
  const zeroUntil = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroUntil(8)) return "unspecified";
  if (zeroUntil(7) && g7 === 1) return "loopback";
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d): the IPv4 address decides.
  if (zeroUntil(5) && (g5 === 0xffff || g5 === 0)) return classifyV4([g6 >> 8, g6 & 255, g7 >> 8, g7 & 255]);
  if (g0 === 0xfd00 && g.slice(1, 7).every((x, i) => x === [0xec2, 0, 0, 0, 0, 0][i]) && g7 === 0x254) return "metadata"; // AWS IPv6
  if ((g0 & 0xfe00) === 0xfc00) return "private"; // unique local fc00::/7
  if ((g0 & 0xffc0) === 0xfe80) return "link_local"; // fe80::/10
  if ((g0 & 0xffc0) === 0xfec0) return "private"; // deprecated site-local fec0::/10
  if ((g0 & 0xff00) === 0xff00) return "reserved"; // multicast
  if (g0 === 0x64 && g[1] === 0xff9b) return classifyV4([g6 >> 8, g6 & 255, g7 >> 8, g7 & 255]); // NAT64
  if (g0 === 0x2001 && g[1] === 0xdb8) return "reserved"; // documentation
  return "public";
}

const LOOPBACK_NAMES = new Set(["localhost", "localhost.", "ip6-localhost"]);

/** The URL's host as a resolver takes it (no IPv6 brackets). */
export function targetHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, "");
}

/**
 * May the hub POST to `url`, whose host resolved to `resolved` (every address)?
 * - https only; plain http only to loopback while the hub itself is not on https
 *   (development and tests);
 * - every address public: private, loopback, link-local, unspecified, metadata and
 *   reserved ones are refused. The loopback exception above lets loopback through;
 *   `allowPrivate` lets private and loopback addresses through, never link-local,
 *   metadata, unspecified or reserved ones (no receiver lives there).
 * One inside address among public ones refuses the whole name: the connection could
 * take any of them.
 */
export function checkWebhookTarget(url: string, resolved: readonly string[], policy: TargetPolicy): TargetVerdict {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, error: "webhook_url_invalid" };
  }
  // Credentials in a URL would sit in logs and on the admin page; a fragment means nothing to a POST.
  if (u.username || u.password || u.hash || url.length > 2000) return { ok: false, error: "webhook_url_invalid" };
  if (u.protocol !== "https:" && u.protocol !== "http:") return { ok: false, error: "webhook_not_https" };
  const host = targetHost(u);
  if (!host) return { ok: false, error: "webhook_url_invalid" };
  if (resolved.length === 0) return { ok: false, error: "webhook_unresolvable" };
  const classes = resolved.map(classifyAddress);
  const devLoopback = !policy.publicUrlHttps && (LOOPBACK_NAMES.has(host.toLowerCase()) || classes.every((c) => c === "loopback"));
  if (u.protocol === "http:" && !(devLoopback && classes.every((c) => c === "loopback"))) return { ok: false, error: "webhook_not_https" };
  for (const c of classes) {
    if (c === "public") continue;
    if (c === "loopback" && (devLoopback || policy.allowPrivate)) continue;
    if (c === "private" && policy.allowPrivate) continue;
    return { ok: false, error: "webhook_private_target" };
  }
  return { ok: true };
}
