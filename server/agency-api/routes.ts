import type { Context, Next } from "hono";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../app-env.ts";
import type { StaffActor } from "../auth/roles.ts";
import { hitLimit } from "../auth/rate-limit.ts";
import { findApiClient, keyActor, recordApiUse, type ApiCaller } from "../api-clients/store.ts";
import { checkAttachments, OFFICER_FILE_ACTIONS, type IncomingFile } from "../complaints/attachments.ts";
import { parseCommand } from "../complaints/commands.ts";
import { available } from "../complaints/lifecycle.ts";
import { staffAttachment, staffComplaint } from "../complaints/staff-view.ts";
import { attachmentsOf } from "../complaints/store-views.ts";
import { act, type TransitionResult } from "../complaints/transition.ts";
import { fieldErrors } from "../fields.ts";
import { attachmentResponse, multipartFields, UPLOAD_LIMIT } from "../web/uploads.ts";
import { RETRY_AFTER_S } from "../refusals.ts";
import { decodeCursor, encodeCursor, START } from "./cursor.ts";
import { agencyApiDocument } from "./openapi.ts";
import { API_BASE, apiError, attachmentJson, codeForStatus, detailJson, errorParts, summaryJson, type FieldCodes } from "./respond.ts";
import { actionHead, API_ACTIONS, attachmentBody, LIST_LIMIT, listQuery, webhookInput, type ApiAction } from "./schemas.ts";
import { registerEndpoint } from "../webhooks/register.ts";
import { agencyEndpoints, disableEndpoint, endpointById } from "../webhooks/store.ts";
import type { WebhookEndpoint } from "../../schema/index.ts";
import { agencyChanges, complaintAgency } from "./store.ts";

// The agency API (issue 18): an agency's own case system reads its complaints and acts
// on them with a key instead of a session. The handlers are thin: every step goes
// through the portal's own use cases (staffComplaint for reading with the privacy rule,
// parseCommand + act for the lifecycle), as a liaison officer of the key's agency.
// Mounted before the CSRF check (a key caller sends no Origin; the key is the proof,
// and a browser never sends it by itself), after the database gate.

type ApiEnv = { Variables: AppEnv["Variables"] & { caller: ApiCaller; actor: StaffActor } };
type Ctx = Context<ApiEnv>;

const REFERENCE = "{[A-Za-z0-9-]{1,40}}";
const UUID = "{[0-9a-f-]{36}}";
/** Per key and minute: the key's own `rateLimit` is the limit. */
const RATE_WINDOW_S = 60;

const fail = (c: Ctx, code: string, opts?: Parameters<typeof apiError>[2]) => apiError(c as unknown as Context<AppEnv>, code, opts);
const badRequest = (c: Ctx, issues: FieldCodes) => fail(c, "bad_request", { issues });

function bearer(c: Ctx): string | null {
  const m = /^Bearer[ \t]+(\S{1,200})[ \t]*$/i.exec(c.req.header("authorization") ?? "");
  return m ? m[1]! : null;
}

/** Key, rate limit, audit, and the one error shape whatever answered. */
async function guard(c: Ctx, next: Next) {
  const d = c.var.deps;
  const presented = bearer(c);
  const client = presented ? await findApiClient(d.db, presented) : null;
  const actor = client ? keyActor(client) : null;
  if (!client || !actor) {
    // Unknown, revoked or a partner's key alike: the caller learns only that it does not work here.
    c.header("WWW-Authenticate", 'Bearer realm="agency-api"');
    return fail(c, "api_key_invalid");
  }
  c.set("caller", client);
  c.set("actor", actor);
  const now = d.clock.now();
  const limit = await hitLimit(d.db, { name: "agency-api:key", limit: client.rateLimit, windowSeconds: RATE_WINDOW_S }, client.id, now);
  let refusal: Response | undefined;
  if (!limit.allowed) {
    c.header("Retry-After", String(Math.max(1, Math.ceil((limit.retryAt.getTime() - now.getTime()) / 1000))));
    c.header("Cache-Control", "no-store");
    refusal = fail(c, "throttled", { retryAt: limit.retryAt });
  } else {
    await next();
    // Whatever answered in between (the not-found page, a thrown error the app turned
    // into its HTML page, a store that did not give a file), the caller gets the API's
    // JSON shape: built whole here, since the answer is already final.
    const type = c.res.headers.get("content-type") ?? "";
    if (c.res.status >= 400 && !type.includes("application/json")) {
      const was = c.res.status;
      const e = errorParts(c as unknown as Context<AppEnv>, codeForStatus(was), { status: was >= 500 && was !== 503 ? 500 : was });
      const headers: Record<string, string> = { "content-type": "application/json", "content-language": e.lang };
      if (was === 503) headers["retry-after"] = c.res.headers.get("retry-after") ?? String(RETRY_AFTER_S);
      c.res = new Response(JSON.stringify(e.body), { status: e.status, headers });
      c.res.headers.delete("content-length");
      c.res.headers.set("content-type", "application/json");
    }
    c.header("Cache-Control", "no-store");
  }
  try {
    const ref = /\/complaints\/([^/]+)/.exec(c.req.path)?.[1]?.toUpperCase() ?? null;
    await recordApiUse(
      d.db,
      {
        clientId: client.id,
        method: c.req.method,
        path: c.req.path,
        status: (refusal ?? c.res).status,
        reference: ref && ref.length <= 40 ? ref : null,
      },
      d.clock.now(),
    );
  } catch (err) {
    // The answer stands; a lost audit row is an operator's problem, logged as such.
    d.logger.error({ reqId: c.var.requestId, err: { name: (err as Error).name, message: (err as Error).message } }, "api use not recorded");
  }
  return refusal;
}

/** The complaint, if it is with the key's agency now: another agency's is "not found", like a missing one. */
async function ownComplaint(c: Ctx, reference: string) {
  const row = await complaintAgency(c.var.deps.db, reference);
  return row && row.agencyCode === c.var.caller.agencyCode ? row : null;
}

/** A JSON object body, or null for anything else (no body, malformed JSON, an array). */
async function jsonObject(c: Ctx): Promise<Record<string, unknown> | null> {
  const v: unknown = await c.req.json().catch(() => undefined);
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function decodeFiles(list: { filename: string; content_base64: string }[]): IncomingFile[] | null {
  const out: IncomingFile[] = [];
  for (const f of list) {
    const b64 = f.content_base64.replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 === 1) return null;
    out.push({ filename: f.filename, bytes: new Uint8Array(Buffer.from(b64, "base64")) });
  }
  return out;
}

/** A refusal of the lifecycle as the API answers it (server/refusals.ts gives the status). */
function refused(c: Ctx, r: Extract<TransitionResult, { ok: false }>) {
  if (r.error === "not_found" || r.error === "forbidden") return fail(c, "not_found");
  if (r.error === "invalid") return fail(c, "invalid", { issues: r.fields });
  if (r.error === "attachments_unavailable") c.header("Retry-After", "30");
  return fail(c, r.error);
}

const webhookJson = (e: WebhookEndpoint) => ({
  id: e.id,
  url: e.url,
  events: e.events,
  active: e.active,
  created_at: e.createdAt.toISOString(),
});

const apiActions = (actions: string[]): ApiAction[] =>
  actions.filter((a): a is ApiAction => (API_ACTIONS as readonly string[]).includes(a));

export function agencyApiRoutes() {
  const app = new Hono<ApiEnv>();

  app.get("/api/agency/openapi.json", (c) => c.json(agencyApiDocument()));

  app.use(`${API_BASE}/*`, guard);

  app.get(`${API_BASE}/complaints`, async (c) => {
    const q = listQuery.safeParse({ cursor: c.req.query("cursor") || undefined, limit: c.req.query("limit") || undefined });
    if (!q.success) return badRequest(c, fieldErrors(q.error));
    const after = q.data.cursor === undefined ? START : decodeCursor(q.data.cursor);
    if (!after) return badRequest(c, { cursor: "cursor_invalid" });
    const limit = q.data.limit ?? LIST_LIMIT.default;
    const rows = await agencyChanges(c.var.deps.db, c.var.caller.agencyCode!, after, limit);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return c.json({
      items: items.map(summaryJson),
      next_cursor: encodeCursor(last ? { at: last.position, id: last.id } : after),
      has_more: rows.length > limit,
    });
  });

  app.get(`${API_BASE}/complaints/:reference${REFERENCE}`, async (c) => {
    const d = c.var.deps;
    const now = d.clock.now();
    // Scope (the key's agency) and privacy (personal data once accepted, each view
    // logged) are the portal's: staffComplaint applies both to the key's officer.
    const v = await staffComplaint(d.db, c.var.actor, c.req.param("reference").toUpperCase(), now);
    if (!v) return fail(c, "not_found");
    const actions = available(
      {
        status: v.status,
        agencyCode: v.agencyCode,
        citizenId: v.citizenId,
        outcome: v.outcome,
        reopenUntil: v.reopenUntil,
        infoDueAt: v.infoDueAt,
        moves: v.rejectionCount + v.transferCount,
        kind: v.kind,
        channel: v.channel,
        outletAnswered: v.outletReply !== null,
      },
      { kind: "staff", staff: c.var.actor },
      now,
    );
    return c.json(detailJson(v, apiActions(actions)));
  });

  app.get(`${API_BASE}/complaints/:reference${REFERENCE}/attachments/:id${UUID}`, async (c) => {
    const file = await staffAttachment(c.var.deps.db, c.var.actor, c.req.param("reference").toUpperCase(), c.req.param("id"));
    if (!file) return fail(c, "not_found");
    return attachmentResponse(c as unknown as Context<AppEnv>, file);
  });

  const limitBody = bodyLimit({ maxSize: UPLOAD_LIMIT, onError: (c) => fail(c as Ctx, "too_large") });

  app.post(`${API_BASE}/complaints/:reference${REFERENCE}/actions`, limitBody, async (c) => {
    const reference = c.req.param("reference").toUpperCase();
    const body = await jsonObject(c);
    if (!body) return badRequest(c, { body: "body_not_json" });
    const head = actionHead.safeParse(body);
    if (!head.success) return badRequest(c, fieldErrors(head.error));
    const { action, version, attachments } = head.data;
    // Notes never conflict (they change nothing another person could overwrite); every
    // other step says which version it was decided on, as the portal's forms do.
    if (action !== "note" && version === undefined) return badRequest(c, { version: "version_required" });
    const fields = Object.fromEntries(Object.entries(body).filter(([k]) => k !== "action" && k !== "version" && k !== "attachments"));
    const parsed = parseCommand(action, fields);
    if (!parsed.ok) return badRequest(c, parsed.fields);
    let files: IncomingFile[] = [];
    if (attachments?.length) {
      if (!OFFICER_FILE_ACTIONS.includes(action)) return badRequest(c, { attachments: "attachments_not_here" });
      const decoded = decodeFiles(attachments);
      if (!decoded) return badRequest(c, { attachments: "base64_invalid" });
      files = decoded;
    }
    const checked = checkAttachments(files);
    if (!checked.ok) return badRequest(c, { attachments: checked.code });
    // Another agency's complaint is refused before its files are stored anywhere.
    if (!(await ownComplaint(c, reference))) return fail(c, "not_found");
    const r = await act(c.var.deps, { kind: "staff", staff: c.var.actor }, reference, version ?? null, parsed.command, checked.files);
    if (!r.ok) return refused(c, r);
    return c.json({ reference: r.reference, status: r.status, version: r.version });
  });

  app.post(`${API_BASE}/complaints/:reference${REFERENCE}/attachments`, limitBody, async (c) => {
    const reference = c.req.param("reference").toUpperCase();
    let text: string | undefined;
    let files: IncomingFile[];
    if ((c.req.header("content-type") ?? "").toLowerCase().startsWith("multipart/form-data")) {
      // The portal's own reading of a multipart form: fields as text, every file part kept.
      const form = await multipartFields(c as unknown as Context<AppEnv>);
      text = form.form.text;
      files = form.files;
      if (!files.length) return badRequest(c, { attachments: "required" });
    } else {
      const body = await jsonObject(c);
      if (!body) return badRequest(c, { body: "body_not_json" });
      const parsed = attachmentBody.safeParse(body);
      if (!parsed.success) return badRequest(c, fieldErrors(parsed.error));
      const decoded = decodeFiles(parsed.data.attachments);
      if (!decoded) return badRequest(c, { attachments: "base64_invalid" });
      text = parsed.data.text;
      files = decoded;
    }
    const checked = checkAttachments(files);
    if (!checked.ok) return badRequest(c, { attachments: checked.code });
    // An officer's files on the portal go with a step; here they go with an internal note,
    // the step that takes files in any state. The note says what came when the caller did not.
    const note = parseCommand("note", { text: text?.trim() || checked.files.map((f) => f.filename).join(", ") });
    if (!note.ok) return badRequest(c, { text: note.fields.text ?? "invalid" });
    const own = await ownComplaint(c, reference);
    if (!own) return fail(c, "not_found");
    const r = await act(c.var.deps, { kind: "staff", staff: c.var.actor }, reference, null, note.command, checked.files);
    if (!r.ok) return refused(c, r);
    // The files just written are the note's: those of the complaint's latest event with files.
    const all = await attachmentsOf(c.var.deps.db, own.id);
    const eventId = Math.max(...all.map((a) => a.eventId ?? 0));
    const mine = all.filter((a) => a.eventId === eventId);
    return c.json(
      { reference: r.reference, status: r.status, version: r.version, attachments: mine.map((a) => attachmentJson(r.reference, a)) },
      201,
    );
  });

  // The key's agency registers, lists and stops its own webhook endpoints: the same
  // checks as the admin page (HTTPS, no private targets, the events the hub sends).
  app.get(`${API_BASE}/webhooks`, async (c) => {
    const rows = await agencyEndpoints(c.var.deps.db, c.var.caller.agencyCode!);
    return c.json({ items: rows.map(webhookJson) });
  });

  app.post(`${API_BASE}/webhooks`, async (c) => {
    const body = await jsonObject(c);
    if (!body) return badRequest(c, { body: "body_not_json" });
    const parsed = webhookInput.safeParse(body);
    if (!parsed.success) return badRequest(c, fieldErrors(parsed.error));
    const d = c.var.deps;
    const r = await registerEndpoint(
      d,
      {
        agencyCode: c.var.caller.agencyCode!,
        url: parsed.data.url,
        events: parsed.data.events,
        createdBy: c.var.actor.id,
        apiClientId: c.var.caller.id,
      },
      d.clock.now(),
    );
    if (!r.ok) return r.error === "invalid" ? badRequest(c, r.fields) : fail(c, r.error, { issues: r.fields });
    return c.json({ ...webhookJson(r.endpoint), secret: r.secret }, 201);
  });

  app.delete(`${API_BASE}/webhooks/:id${UUID}`, async (c) => {
    const d = c.var.deps;
    const e = await endpointById(d.db, c.req.param("id"));
    // Another agency's endpoint is "not found", like a missing one.
    if (!e || e.agencyCode !== c.var.caller.agencyCode) return fail(c, "not_found");
    await disableEndpoint(d.db, e.id, d.clock.now());
    return c.json(webhookJson({ ...e, active: false }));
  });

  // Anything else under the API: its JSON 404, not the portal's page.
  app.all(`${API_BASE}/*`, (c) => fail(c, "not_found"));

  return app;
}
