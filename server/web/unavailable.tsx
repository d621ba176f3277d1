import type { Context, MiddlewareHandler } from "hono";
import { apiErrorBody } from "../api/error-shape.ts";
import { apiLang } from "../api/lang.ts";
import type { AppEnv } from "../app-env.ts";
import { UnavailablePage } from "../../views/pages/error.tsx";
import { pageContext } from "./context.ts";
import { messages } from "../../views/i18n/index.ts";
import { toXml } from "../open311/xml.ts";
import { localeLang } from "../open311/spec.ts";

import { RETRY_AFTER_S } from "../refusals.ts";

/**
 * The answer while the database is unreachable: a translated page, or for the API the
 * error shape tRPC itself sends (code SERVICE_UNAVAILABLE), both 503 with Retry-After.
 */
export function unavailableResponse(c: Context<AppEnv>): Response | Promise<Response> {
  c.header("Retry-After", String(RETRY_AFTER_S));
  c.header("Cache-Control", "no-store");
  if (c.req.path.startsWith("/trpc/")) {
    const procedures = c.req.path.slice("/trpc/".length).split(",");
    const text = messages(apiLang(c)).unavailableBody;
    const error = (path: string) =>
      apiErrorBody({ code: "SERVICE_UNAVAILABLE", httpStatus: 503, path, reason: "database_unavailable", text });
    return c.json(c.req.query("batch") ? procedures.map(error) : error(procedures[0]!), 503);
  }
  // The agency API's one error shape (server/agency-api/respond.ts).
  if (c.req.path.startsWith("/api/agency/")) {
    return c.json({ error: { code: "database_unavailable", message: messages(apiLang(c)).unavailableBody } }, 503);
  }
  if (c.req.path.startsWith("/open311/")) {
    // Open311 callers parse the spec's error array, in the format they asked for.
    const errors = [{ code: 503, description: messages(localeLang(c.req.query("locale"), apiLang(c))).unavailableBody }];
    if (c.req.path.endsWith(".xml")) return c.body(toXml("errors", errors), 503, { "Content-Type": "text/xml; charset=utf-8" });
    return c.json(errors, 503);
  }
  return c.html(<UnavailablePage ctx={pageContext(c, c.var.deps.demo)} />, 503);
}

/**
 * While the database is marked down (a connection failed and no ping has answered
 * since), every request past the health checks gets the 503 at once rather than each
 * waiting out its own connect timeout.
 */
export const databaseGate: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.var.deps.database.available()) return unavailableResponse(c);
  await next();
};
