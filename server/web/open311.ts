import type { Context } from "hono";
import { createRouter, readDb, type AppEnv } from "../app-env.ts";
import { apiLang } from "../api/lang.ts";
import { hitLimit } from "../auth/rate-limit.ts";
import { directoryFacts } from "../directory/facts.ts";
import { directoryNames } from "../directory/names.ts";
import { fileForPartner, recordPartnerUse } from "../open311/partner.ts";
import {
  errorArray,
  fieldErrorArray,
  filingNotice,
  flattenBody,
  jurisdictionAccepted,
  localeLang,
  parseRequestsQuery,
  serviceDefinition,
  servicesList,
  splitFormat,
  toRequest,
  type Format,
  type Open311Error,
} from "../open311/spec.ts";
import { publicRequest, publicRequests, referenceExists } from "../open311/store.ts";
import { toXml } from "../open311/xml.ts";
import { clientIp } from "./session.ts";
import { refusalText } from "../../views/i18n/errors.ts";
import { messages, type Lang } from "../../views/i18n/index.ts";

// Open311 GeoReport v2 at /open311/v2 (issue 18): the directory's services, the public
// list of requests without personal data, and filing by a registered partner's key.
// Mounted before the origin check (a partner's server sends no Origin; the api_key is
// its credential, and the GETs change nothing) and after the database gate.

const BASE = "/open311/v2";
// The public list is open to anyone: bounded per address like the hub's other public doors.
const PUBLIC_LIMIT = { name: "open311:ip", limit: 120, windowSeconds: 60 };

type C = Context<AppEnv>;

function lang(c: C): Lang {
  return localeLang(c.req.query("locale"), apiLang(c));
}

/** A spec answer as JSON or XML; `root` names the XML document's list. */
function answer(c: C, format: Format, root: string, body: unknown, status: 200 | 201 | 400 | 403 | 404 | 429 | 503 = 200) {
  // Public data without cookies: any site's script may read it (the spec's web clients).
  c.header("Access-Control-Allow-Origin", "*");
  c.header("Cache-Control", "no-store");
  if (format === "xml") return c.body(toXml(root, body), status, { "Content-Type": "text/xml; charset=utf-8" });
  return c.json(body, status);
}

const refuse = (c: C, format: Format, status: 400 | 403 | 404 | 429 | 503, errors: Open311Error[]) =>
  answer(c, format, "errors", errors, status);

/** The one jurisdiction served; a caller naming another gets 404, as for an unknown path. */
function wrongJurisdiction(c: C, format: Format, asked: string | undefined) {
  if (jurisdictionAccepted(asked, c.var.deps.publicUrl)) return null;
  return refuse(c, format, 404, errorArray(404, messages(lang(c)).open311.errors.jurisdiction));
}

async function publicLimit(c: C, format: Format) {
  const { db, clock } = c.var.deps;
  const r = await hitLimit(db, PUBLIC_LIMIT, clientIp(c), clock.now());
  if (r.allowed) return null;
  c.header("Retry-After", String(Math.max(1, Math.ceil((r.retryAt.getTime() - clock.now().getTime()) / 1000))));
  const l = lang(c);
  return refuse(c, format, 429, errorArray(429, refusalText(messages(l), "throttled", { retryAt: r.retryAt, lang: l })));
}

/** A POST's fields, form-encoded (the spec) or JSON; null when the body cannot be read. */
async function readFields(c: C): Promise<Record<string, string> | null> {
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  try {
    if (type.startsWith("application/json")) {
      const body: unknown = await c.req.json();
      return body && typeof body === "object" && !Array.isArray(body) ? flattenBody(body as Record<string, unknown>) : null;
    }
    if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
      return flattenBody(await c.req.parseBody());
    }
    return null;
  } catch {
    return null;
  }
}

export function open311Routes() {
  const app = createRouter();

  app.get(`${BASE}/discovery.json`, (c) => {
    const url = new URL(BASE, c.var.deps.publicUrl).toString();
    return answer(c, "json", "discovery", {
      changeset: "2026-11-19T00:00:00Z",
      contact: "the national complaints unit",
      key_service: "An administrator of the hub issues partner keys (npm run hub -- api-client create --kind partner).",
      endpoints: [
        {
          specification: "http://wiki.open311.org/GeoReport_v2",
          url,
          changeset: "2026-11-19T00:00:00Z",
          type: "production",
          formats: ["application/json", "text/xml"],
        },
      ],
    });
  });

  for (const format of ["json", "xml"] as const) {
    app.get(`${BASE}/services.${format}`, async (c) => {
      const refused = wrongJurisdiction(c, format, c.req.query("jurisdiction_id"));
      if (refused) return refused;
      const l = lang(c);
      const [names, facts] = await Promise.all([directoryNames(c.var.deps.db), directoryFacts(c.var.deps.db)]);
      return answer(c, format, "services", servicesList(names, facts, messages(l), l));
    });

    app.get(`${BASE}/requests.${format}`, async (c) => {
      const refused = wrongJurisdiction(c, format, c.req.query("jurisdiction_id")) ?? (await publicLimit(c, format));
      if (refused) return refused;
      const l = lang(c);
      const t = messages(l);
      const q = parseRequestsQuery(c.req.query(), c.var.deps.clock.now(), t);
      if (!q.ok) return refuse(c, format, 400, q.errors);
      // A moment behind is fine for a public list: the replica when there is one.
      const [rows, names] = await Promise.all([publicRequests(readDb(c.var.deps), q.filter), directoryNames(c.var.deps.db)]);
      return answer(
        c,
        format,
        "service_requests",
        rows.map((r) => toRequest(r, names, t, l)),
      );
    });

    app.post(`${BASE}/requests.${format}`, async (c) => {
      const deps = c.var.deps;
      const l = lang(c);
      const t = messages(l);
      const fields = await readFields(c);
      const key = fields?.api_key ?? c.req.query("api_key") ?? c.req.header("x-api-key");
      const refused = wrongJurisdiction(c, format, fields?.jurisdiction_id ?? c.req.query("jurisdiction_id"));
      if (refused) return refused;
      if (!fields) {
        // Unreadable, but the key may still be good: its use is recorded all the same.
        return refuse(
          c,
          format,
          key ? 400 : 403,
          errorArray(key ? 400 : 403, key ? t.open311.errors.body_unreadable : t.open311.errors.api_key),
        );
      }
      const r = await fileForPartner(deps, key, fields, l, `${BASE}/requests.${format}`);
      if (!r.ok && r.error === "api_key_invalid") return refuse(c, format, 403, errorArray(403, t.open311.errors.api_key));
      const use = (status: number, reference: string | null = null) =>
        recordPartnerUse(deps, r.caller, { method: "POST", path: `${BASE}/requests.${format}`, status, reference });
      if (!r.ok) {
        if (r.error === "throttled") {
          await use(429);
          c.header("Retry-After", String(Math.max(1, Math.ceil((r.retryAt.getTime() - deps.clock.now().getTime()) / 1000))));
          return refuse(c, format, 429, errorArray(429, refusalText(t, "throttled", { retryAt: r.retryAt, lang: l })));
        }
        if (r.error === "invalid") {
          await use(400);
          return refuse(c, format, 400, fieldErrorArray(r.fields, t));
        }
        await use(503);
        return refuse(c, format, 503, errorArray(503, refusalText(t, r.error)));
      }
      await use(201, r.reference);
      // The hub files at once, so the answer names the request itself; its token (for
      // clients that ask tokens/{token}) is the same reference.
      return answer(
        c,
        format,
        "service_requests",
        [
          {
            service_request_id: r.reference,
            token: r.reference,
            service_notice: filingNotice(r, r.names, t, l),
            account_id: null,
          },
        ],
        201,
      );
    });
  }

  app.get(`${BASE}/services/:file`, async (c) => {
    const file = splitFormat(c.req.param("file"));
    if (!file) return notFound(c);
    const refused = wrongJurisdiction(c, file.format, c.req.query("jurisdiction_id"));
    if (refused) return refused;
    const l = lang(c);
    const t = messages(l);
    const [names, facts] = await Promise.all([directoryNames(c.var.deps.db), directoryFacts(c.var.deps.db)]);
    const def = serviceDefinition(names, facts, file.id, t, l);
    if (!def) return refuse(c, file.format, 404, errorArray(404, t.open311.errors.service_not_found));
    return answer(c, file.format, "service_definition", def);
  });

  app.get(`${BASE}/requests/:file`, async (c) => {
    const file = splitFormat(c.req.param("file"));
    if (!file) return notFound(c);
    const refused = wrongJurisdiction(c, file.format, c.req.query("jurisdiction_id")) ?? (await publicLimit(c, file.format));
    if (refused) return refused;
    const l = lang(c);
    const t = messages(l);
    // The primary: a partner reads back what it just filed.
    const [row, names] = await Promise.all([publicRequest(c.var.deps.db, file.id), directoryNames(c.var.deps.db)]);
    if (!row) return refuse(c, file.format, 404, errorArray(404, t.open311.errors.request_not_found));
    return answer(c, file.format, "service_requests", [toRequest(row, names, t, l)]);
  });

  app.get(`${BASE}/tokens/:file`, async (c) => {
    const file = splitFormat(c.req.param("file"));
    if (!file) return notFound(c);
    const refused = wrongJurisdiction(c, file.format, c.req.query("jurisdiction_id")) ?? (await publicLimit(c, file.format));
    if (refused) return refused;
    if (!(await referenceExists(c.var.deps.db, file.id))) {
      return refuse(c, file.format, 404, errorArray(404, messages(lang(c)).open311.errors.request_not_found));
    }
    return answer(c, file.format, "service_requests", [{ service_request_id: file.id, token: file.id }]);
  });

  // Anything else under the API: the spec's error array, not the portal's HTML page.
  app.all(`${BASE}/*`, (c) => notFound(c));
  app.all(BASE, (c) => notFound(c));
  return app;
}

function notFound(c: C) {
  const format: Format = c.req.path.endsWith(".xml") ? "xml" : "json";
  return refuse(c, format, 404, errorArray(404, messages(lang(c)).open311.errors.not_found));
}
