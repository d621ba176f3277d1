// The HTTP side of a delivery: a fetch-like sender (injected through AppDeps and the
// outbox job's deps, so tests talk to a real local receiver) and the resolver the
// target check uses. The default sender is node:http(s) with a DNS lookup of its own
// that runs the target check again on the addresses it is about to connect to: the
// check before the request and the connection use the same answer, so a name that
// re-resolves to an inside address in between (DNS rebinding) is refused. Redirects
// are never followed (a 3xx is a failed attempt): a receiver cannot bounce the hub
// to an inside address.

import { lookup as dnsLookup } from "node:dns";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import { checkWebhookTarget, type TargetPolicy } from "./target.ts";

export interface WebhookRequest {
  method: "POST";
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
}
/** A fetch-like function: the answer's status is all a delivery needs. */
export type WebhookSender = (url: string, init: WebhookRequest) => Promise<{ status: number }>;
/** Every address a host name resolves to (an IP literal resolves to itself). */
export type WebhookResolver = (host: string) => Promise<string[]>;

export const systemResolver: WebhookResolver = (host) =>
  new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses.map((a) => a.address)))),
  );

/** What the webhooks need from the hub: how to send, how to resolve, and the admin setting. */
export interface WebhookDeps {
  send: WebhookSender;
  resolve: WebhookResolver;
  /** WEBHOOKS_ALLOW_PRIVATE. */
  allowPrivate: boolean;
  /** Per delivery; 10 s when unset. */
  timeoutMs?: number;
}

export function pinnedSender(policy: TargetPolicy): WebhookSender {
  return (url, init) =>
    new Promise((resolve, reject) => {
      const u = new URL(url);
      const lookup: LookupFunction = (hostname, options, callback) => {
        dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => {
          if (err) return callback(err, "", 4);
          const verdict = checkWebhookTarget(
            url,
            addresses.map((a) => a.address),
            policy,
          );
          if (!verdict.ok)
            return callback(Object.assign(new Error(`webhook target refused: ${verdict.error}`), { code: "EREFUSED" }), "", 4);
          if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: typeof addresses) => void)(null, addresses);
          return callback(null, addresses[0]!.address, addresses[0]!.family);
        });
      };
      const req = (u.protocol === "https:" ? httpsRequest : httpRequest)(
        u,
        {
          method: init.method,
          headers: { ...init.headers, "content-length": String(Buffer.byteLength(init.body)) },
          signal: init.signal,
          lookup,
        },
        (res) => {
          // The answer's body is not read: drained and dropped.
          res.resume();
          resolve({ status: res.statusCode ?? 0 });
        },
      );
      req.on("error", reject);
      req.end(init.body);
    });
}

export function defaultWebhookDeps(policy: TargetPolicy): WebhookDeps {
  return { send: pinnedSender(policy), resolve: systemResolver, allowPrivate: policy.allowPrivate };
}
