// A partner's filing over Open311 (POST requests): the key, its rate limit, then the
// portal's own intake (server/complaints/submit.ts submitComplaint) for an unverified
// filer. Every call made with a valid key is recorded (server/api-clients/store.ts).

import { randomUUID } from "node:crypto";
import { findApiClient, recordApiUse, type ApiCaller } from "../api-clients/store.ts";
import { hitLimit } from "../auth/rate-limit.ts";
import { submitComplaint, type IntakeDeps } from "../complaints/submit.ts";
import { directoryFacts } from "../directory/facts.ts";
import { directoryNames, type DirectoryNames } from "../directory/names.ts";
import type { Lang } from "../../views/i18n/index.ts";
import { partnerFiling } from "./spec.ts";

export type PartnerResult =
  | { ok: true; caller: ApiCaller; reference: string; status: "routed" | "triage"; agencyCode: string | null; names: DirectoryNames }
  | { ok: false; error: "api_key_invalid" }
  | { ok: false; error: "throttled"; caller: ApiCaller; retryAt: Date }
  | { ok: false; error: "invalid"; caller: ApiCaller; fields: Record<string, string> }
  | { ok: false; error: "attachments_unavailable"; caller: ApiCaller };

export async function fileForPartner(
  deps: IntakeDeps,
  key: string | undefined,
  fields: Record<string, string>,
  lang: Lang,
  /** The route's pattern, for the record of the key's use. */
  path: string,
): Promise<PartnerResult> {
  // Only a partner's key files here: an agency's key acts for that agency's case system.
  const found = key ? await findApiClient(deps.db, key.trim()) : null;
  const now = deps.clock.now();
  if (found && found.kind !== "partner") {
    // A working key of another kind: refused, and its use kept like any other.
    await recordApiUse(deps.db, { clientId: found.id, method: "POST", path, status: 403 }, now);
  }
  const caller = found?.kind === "partner" ? found : null;
  if (!caller) return { ok: false, error: "api_key_invalid" };
  // Per key, per minute: the key's own allowance (api_clients.rate_limit), on every instance.
  const limit = await hitLimit(deps.db, { name: "open311:key", limit: caller.rateLimit, windowSeconds: 60 }, caller.id, now);
  if (!limit.allowed) return { ok: false, error: "throttled", caller, retryAt: limit.retryAt };

  const [names, facts] = await Promise.all([directoryNames(deps.db), directoryFacts(deps.db)]);
  // Open311 has no idempotency key, and an unverified filer no account to scope one to:
  // each POST is one filing.
  const mapped = partnerFiling(fields, names, facts, lang, `open311:${randomUUID()}`);
  if (!mapped.ok) return { ok: false, error: "invalid", caller, fields: mapped.fields };
  const r = await submitComplaint(deps, { channel: "open311", contact: mapped.filing.contact }, mapped.filing.input);
  if (!r.ok)
    return r.error === "invalid" ? { ok: false, error: "invalid", caller, fields: r.fields } : { ok: false, error: r.error, caller };
  return { ok: true, caller, reference: r.reference, status: r.status, agencyCode: r.agencyCode, names };
}

/** One use of a partner's key: the route's pattern, never the query or the body. */
export async function recordPartnerUse(
  deps: { db: IntakeDeps["db"]; clock: IntakeDeps["clock"] },
  caller: ApiCaller,
  use: { method: string; path: string; status: number; reference?: string | null },
): Promise<void> {
  await recordApiUse(deps.db, { clientId: caller.id, ...use }, deps.clock.now());
}
