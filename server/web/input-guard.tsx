import type { Context, MiddlewareHandler } from "hono";
import { apiErrorBody } from "../api/error-shape.ts";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../app-env.ts";
import { RefusalPage } from "../../views/pages/refusal.tsx";
import { pageContext } from "./context.ts";
import { UPLOAD_LIMIT } from "./uploads.ts";
import { apiLang } from "../api/lang.ts";
import { messages } from "../../views/i18n/index.ts";

/** Any form or JSON body but an upload: the longest form (a complaint) is a few kB. */
export const BODY_LIMIT = 256 * 1024;
/** The longest text any field takes is 5,000 characters (a complaint); room for a margin. */
export const MAX_FIELD = 10_000;
/**
 * Whole documents an administrator edits or confirms in one field may be longer: an
 * agency's or the cities' JSON (MOMAH's is over 10,000 characters) and an ICS file
 * being confirmed. They are still bounded by BODY_LIMIT and checked for bad characters.
 */
const DOCUMENT_FIELDS: [RegExp, string][] = [
  [/^\/admin\/(directory\/[A-Z][A-Z0-9_]{1,31}|cities)$/, "json"],
  [/^\/admin\/holidays\/ics\/confirm$/, "ics"],
];
/** A query value or path segment: references, filters, search words, a `next` path. */
export const MAX_QUERY_VALUE = 2_048;
export const MAX_PATH_SEGMENT = 512;

// The routes that take files; everything else gets BODY_LIMIT. Their handlers keep
// their own (equal) limit, so a route added there without one here is still bounded.
const UPLOAD_ROUTES = [
  /^\/complaints$/,
  /^\/complaints\/[^/]+\/(answer|reopen|withdraw)$/,
  /^\/api\/complaints$/,
  /^\/triage\/register$/,
  /^\/api\/agency\/v1\/complaints\/[^/]+\/(actions|attachments)$/,
];
/**
 * The agency API takes files in JSON as base64 (server/agency-api): that one key holds a
 * whole file, so it is bounded by the upload limit, not a field's length; it is still
 * checked for bad characters (base64 has none).
 */
const FILE_KEYS = new Set(["content_base64"]);
const AGENCY_API = /^\/api\/agency\//;

/**
 * Why a string may not reach the database or a page: PostgreSQL refuses NUL in text
 * (a 500 before), a lone UTF-16 surrogate is not Unicode at all and fails encoding,
 * and a very long value overflows indexes and fills logs. Other control characters
 * than tab, CR and LF have no place in anything a person types.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function badString(s: string, max: number): boolean {
  if (s.length > max) return true;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s)) return true;
  return LONE_SURROGATE.test(s);
}

/** True if any string (key or value) anywhere in a parsed JSON value is bad. `files`: keys whose value is a whole file. */
export function badJson(v: unknown, depth = 0, files?: ReadonlySet<string>, max = MAX_FIELD): boolean {
  if (depth > 32) return true;
  if (typeof v === "string") return badString(v, max);
  if (Array.isArray(v)) return v.length > 1000 || v.some((x) => badJson(x, depth + 1, files));
  if (v && typeof v === "object")
    return Object.entries(v).some(
      ([k, x]) => badString(k, 200) || badJson(x, depth + 1, files, files?.has(k) && typeof x === "string" ? UPLOAD_LIMIT * 2 : MAX_FIELD),
    );
  return false;
}

function decode(s: string): string | null {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return null;
  }
}

async function refuse(c: Context<AppEnv>, kind: "badInput" | "tooLarge"): Promise<Response> {
  const status = kind === "badInput" ? 400 : 413;
  const t = pageContext(c, c.var.deps.demo).t.security;
  c.var.deps.logger.warn({ reqId: c.var.requestId, path: safePath(c.req.path), kind }, "request refused before reaching the handlers");
  // The rest of an over-size body is never read, so Node drops the socket after this
  // answer; saying so keeps a keep-alive client from sending its next request into it.
  if (kind === "tooLarge") c.header("Connection", "close");
  if (AGENCY_API.test(c.req.path)) {
    // The agency API's one error shape ({ error: { code, message } }), in the caller's language.
    const s = messages(apiLang(c)).security;
    return c.json(
      {
        error: { code: kind === "badInput" ? "bad_request" : "too_large", message: kind === "badInput" ? s.badInputBody : s.tooLargeBody },
      },
      status,
    );
  }
  if (c.req.path.startsWith("/trpc/") || c.req.path.startsWith("/api/")) {
    const text = kind === "badInput" ? t.badInputBody : t.tooLargeBody;
    const code = kind === "badInput" ? "BAD_REQUEST" : "PAYLOAD_TOO_LARGE";
    return c.json(apiErrorBody({ code, httpStatus: status, reason: kind === "badInput" ? "bad_input" : "too_large", text }), status);
  }
  return c.html(<RefusalPage ctx={pageContext(c, c.var.deps.demo)} kind={kind} />, status);
}

/** What the request log shows of a path: a segment that looks like a token is masked. */
export function safePath(path: string): string {
  return path
    .split("/")
    .map((seg) =>
      seg.length >= 20 && /^[A-Za-z0-9_-]+$/.test(seg) && !/^(CMP|DR)-/.test(seg)
        ? ":token"
        : seg.length > 80
          ? seg.slice(0, 80) + "…"
          : seg,
    )
    .join("/");
}

const limitUploads = bodyLimit({ maxSize: UPLOAD_LIMIT, onError: (c) => refuse(c as Context<AppEnv>, "tooLarge") });
const limitOthers = bodyLimit({ maxSize: BODY_LIMIT, onError: (c) => refuse(c as Context<AppEnv>, "tooLarge") });

/**
 * One gate for every route: the body's size is bounded, and the path, the query and
 * the form or JSON body (tRPC's input included) are checked for NUL, lone surrogates,
 * control characters and over-long values, answered with a translated 400 before any
 * handler (or the database) sees them. The bodies read here are cached by Hono, so the
 * handlers read them again at no cost.
 */
export const inputGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  const url = new URL(c.req.url);
  for (const seg of url.pathname.split("/")) {
    // A malformed escape (%ed%be%8f) is refused too: Hono decodes the well-formed runs
    // around it one by one, so a %00 beside it would reach a handler unchecked.
    const d = decode(seg);
    if (d === null || badString(d, MAX_PATH_SEGMENT)) return refuse(c, "badInput");
  }
  if (url.search.length > 1) {
    for (const part of url.search.slice(1).split("&")) {
      const [k = "", v = ""] = part.split("=", 2);
      const dk = decode(k);
      const dv = decode(v);
      if (dk === null || dv === null || badString(dk, 200) || badString(dv, MAX_QUERY_VALUE)) return refuse(c, "badInput");
      // tRPC queries carry their input as JSON in ?input=.
      if (dk === "input" && url.pathname.startsWith("/trpc/")) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(dv);
        } catch {
          continue; // tRPC answers malformed JSON with its own 400
        }
        if (badJson(parsed)) return refuse(c, "badInput");
      }
    }
  }
  if (c.req.method === "GET" || c.req.method === "HEAD" || c.req.method === "OPTIONS") return next();

  const upload = UPLOAD_ROUTES.some((r) => r.test(url.pathname));
  let refusal: Response | undefined;
  const limited = await (upload ? limitUploads : limitOthers)(c, async () => {
    if (await badBody(c, url.pathname)) refusal = await refuse(c, "badInput");
    else await next();
  });
  return refusal ?? limited;
};

async function badBody(c: Context<AppEnv>, path: string): Promise<boolean> {
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  const json = type.startsWith("application/json");
  const form = type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data");
  if (!json && !form) return false;
  // Read once (Hono caches the bytes for the handler), parse a copy, and give the raw
  // request a fresh body: a route's own body limit reads the raw stream again.
  const bytes = await c.req.arrayBuffer().catch(() => undefined);
  if (!bytes) return false;
  c.req.raw = new Request(c.req.raw, { body: bytes });
  if (json) {
    // Malformed JSON is left to the handler (tRPC answers it with its own 400).
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      return false;
    }
    return badJson(parsed, 0, AGENCY_API.test(path) ? FILE_KEYS : undefined);
  }
  // A malformed form is left to the handler, which reads it as empty.
  const fields = await new Response(bytes, { headers: { "content-type": c.req.header("content-type")! } })
    .formData()
    .catch(() => undefined);
  if (!fields) return false;
  const documents = new Set(DOCUMENT_FIELDS.filter(([r]) => r.test(path)).map(([, name]) => name));
  for (const [k, v] of fields) {
    if (badString(k, 200) || (typeof v === "string" && badString(v, documents.has(k) ? BODY_LIMIT : MAX_FIELD))) return true;
  }
  return false;
}
