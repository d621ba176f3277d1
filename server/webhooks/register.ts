// Registering an endpoint (the admin page): load, decide, persist. The URL's host is
// resolved and every address checked now, and again before each delivery.

import { and, eq } from "drizzle-orm";
import type { Db } from "../db.ts";
import type { SecretBox } from "../auth/secret-box.ts";
import { agencies, type WebhookEndpoint } from "../../schema/index.ts";
import { checkWebhookTarget, targetHost, type TargetPolicy } from "./target.ts";
import { isWebhookEvent, type WebhookEventType } from "./events.ts";
import { createEndpoint } from "./store.ts";
import { defaultWebhookDeps, type WebhookDeps } from "./send.ts";

export interface RegisterDeps {
  db: Db;
  secretBox: SecretBox;
  publicUrl: string;
  webhooks?: WebhookDeps | undefined;
}

/** The hub's webhook deps: the injected ones, or node:http(s) with private targets refused. */
export function webhookDepsOf(deps: Pick<RegisterDeps, "publicUrl" | "webhooks">): WebhookDeps {
  return deps.webhooks ?? defaultWebhookDeps({ publicUrlHttps: deps.publicUrl.startsWith("https://"), allowPrivate: false });
}

export function targetPolicyOf(deps: Pick<RegisterDeps, "publicUrl" | "webhooks">): TargetPolicy {
  return { publicUrlHttps: deps.publicUrl.startsWith("https://"), allowPrivate: webhookDepsOf(deps).allowPrivate };
}

export type RegisterResult =
  | { ok: true; endpoint: WebhookEndpoint; secret: string }
  | {
      ok: false;
      error: "invalid" | "webhook_url_invalid" | "webhook_not_https" | "webhook_unresolvable" | "webhook_private_target";
      fields: Record<string, string>;
    };

export async function registerEndpoint(
  deps: RegisterDeps,
  input: { agencyCode: string; url: string; events: string[]; createdBy?: string | null; apiClientId?: string | null },
  now: Date,
): Promise<RegisterResult> {
  const fields: Record<string, string> = {};
  const url = input.url.trim();
  const events = [...new Set(input.events)];
  const [agency] = input.agencyCode
    ? await deps.db
        .select({ code: agencies.code })
        .from(agencies)
        .where(and(eq(agencies.code, input.agencyCode), eq(agencies.active, true)))
    : [];
  if (!agency) fields.agency = "required";
  if (!url) fields.url = "required";
  if (events.length === 0 || !events.every(isWebhookEvent)) fields.events = events.length ? "invalid" : "required";
  if (Object.keys(fields).length) return { ok: false, error: "invalid", fields };

  let host: string;
  try {
    host = targetHost(new URL(url));
  } catch {
    return { ok: false, error: "webhook_url_invalid", fields: { url: "webhook_url_invalid" } };
  }
  const w = webhookDepsOf(deps);
  const addresses = host ? await w.resolve(host).catch(() => [] as string[]) : [];
  const verdict = checkWebhookTarget(url, addresses, targetPolicyOf(deps));
  if (!verdict.ok) return { ok: false, error: verdict.error, fields: { url: verdict.error } };
  const made = await createEndpoint(
    deps.db,
    deps.secretBox,
    {
      agencyCode: agency!.code,
      url,
      events: events as WebhookEventType[],
      createdBy: input.createdBy ?? null,
      apiClientId: input.apiClientId ?? null,
    },
    now,
  );
  return { ok: true, ...made };
}
