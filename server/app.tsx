import { randomUUID } from "node:crypto";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { trpcServer } from "@hono/trpc-server";
import { appRouter } from "./api/router.ts";
import { originCheck } from "./auth/csrf.ts";
import { loadSessions } from "./web/session.ts";
import { citizenRoutes } from "./web/citizen/routes.tsx";
import { ratingRoutes } from "./web/rating.tsx";
import { trackRoutes } from "./web/track.tsx";
import { kpiRoutes } from "./web/kpi.tsx";
import { voiceRoutes } from "./web/voice.tsx";
import { nationalReportRoutes } from "./web/national-report.tsx";
import { newWorkCount } from "./complaints/new-work.ts";
import { calendarAdminRoutes } from "./web/calendar-admin.tsx";
import { webhooksAdminRoutes } from "./web/webhooks-admin.tsx";
import { mediaRoutes } from "./web/media.tsx";
import { staffRoutes } from "./web/staff/routes.tsx";
import { complaintUploadRoutes } from "./api/complaint-upload.ts";
import { ForbiddenPage } from "../views/pages/error.tsx";
import { pageContext } from "./web/context.ts";
import { createRouter, type AppDeps } from "./app-env.ts";
import { refusal } from "./refusals.ts";
import { apiErrorBody } from "./api/error-shape.ts";
import { apiLang } from "./api/lang.ts";
import { refusalText } from "../views/i18n/errors.ts";
import { messages } from "../views/i18n/index.ts";
import { healthRoutes } from "./web/health.ts";
import { open311Routes } from "./web/open311.ts";
import { metricsRoutes, routeLabel } from "./web/metrics.ts";
import { traceRequests } from "./web/tracing.ts";
import { inputGuard, safePath } from "./web/input-guard.tsx";
import { responseGuard } from "./web/response-guard.ts";
import { homeRoutes } from "./web/home.tsx";
import { languageRoutes } from "./web/language.ts";
import { staticRoutes } from "./web/static.ts";
import { ErrorPage, NotFoundPage } from "../views/pages/error.tsx";
import { databaseGate, unavailableResponse } from "./web/unavailable.tsx";
import { databaseFault } from "./db-faults.ts";
import { agencyApiRoutes } from "./agency-api/routes.ts";

export type { AppDeps, AppEnv } from "./app-env.ts";

export function createApp(deps: AppDeps) {
  const app = createRouter();

  if (deps.tracer) app.use(traceRequests(deps.tracer));
  app.use(async (c, next) => {
    c.set("deps", deps);
    c.set("requestId", randomUUID());
    const started = performance.now();
    await next();
    // Path only, token-like segments masked: query strings, bodies and the tokens of
    // set-password and rating links may carry personal data or grant access.
    deps.metrics?.observeRequest(routeLabel(c), c.req.method, c.res.status, (performance.now() - started) / 1000);
    deps.logger.info(
      {
        reqId: c.var.requestId,
        method: c.req.method,
        path: safePath(c.req.path),
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      "request",
    );
  });

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
      strictTransportSecurity: deps.secureCookies ? "max-age=31536000; includeSubDomains" : false,
      referrerPolicy: "same-origin",
    }),
  );

  // Before anything reads a body or a parameter: sizes bounded, NUL, lone surrogates
  // and over-long values refused with a translated 400 (issue 13's fuzz found 500s).
  app.use(inputGuard);

  app.route("/", healthRoutes());
  app.route("/", metricsRoutes());
  app.route("/", staticRoutes());
  // Past the health checks and static files: a 503 at once while the database is down.
  app.use(databaseGate);
  app.use(async (c, next) => {
    // An admin change on any instance bumps the calendar version: one read picks it up.
    if (deps.calendars?.refresh) await deps.calendars.refresh();
    await next();
  });
  // Key callers (agency case systems) send no Origin: the key is their proof, and no
  // browser sends it by itself. Past the database gate and the calendars' refresh (a
  // step's deadlines use them), before the CSRF check and the sessions.
  app.route("/", agencyApiRoutes());
  // Open311 (server/web/open311.ts): machine callers with no Origin, so before the origin
  // check; a partner's api_key, not a cookie, is what lets it file. Past the database gate
  // and the calendar refresh: it reads complaints and files them with deadlines.
  app.route("/", open311Routes());

  // Every state-changing request must come from the hub's own pages (or an app that
  // sends the hub's Origin), tRPC and htmx included.
  app.use(
    originCheck({
      allowed: deps.allowedOrigins ?? [new URL(deps.publicUrl).origin],
      onRefuse: async (c) => {
        deps.logger.warn({ reqId: c.var.requestId, path: safePath(c.req.path) }, "cross-origin request refused");
        const refused = refusal("origin_refused");
        if (c.req.path.startsWith("/trpc/")) {
          const text = refusalText(messages(apiLang(c)), "origin_refused");
          return c.json(apiErrorBody({ code: refused.trpc, httpStatus: refused.status, reason: "origin_refused", text }), refused.status);
        }
        return c.html(<ForbiddenPage ctx={pageContext(c, deps.demo)} />, refused.status);
      },
    }),
  );
  app.use(loadSessions);
  // Pages (not htmx fragments or APIs) show a liaison officer how much new work arrived.
  app.use(async (c, next) => {
    const staff = c.var.staff;
    if (staff && c.req.method === "GET" && !c.req.header("hx-request") && !c.req.path.startsWith("/trpc/")) {
      const codes = [...new Set(staff.roles.filter((g) => g.role === "liaison" && g.agencyCode).map((g) => g.agencyCode!))];
      if (codes.length) c.set("newWork", await newWorkCount(deps.db, staff.id, codes));
    }
    await next();
  });
  // After the sessions are known: no-store on signed-in responses, bidi controls out of pages.
  app.use(responseGuard);

  app.route("/", languageRoutes({ secureCookies: deps.secureCookies }));
  app.route("/", homeRoutes());
  app.route("/", citizenRoutes());
  app.route("/", ratingRoutes());
  app.route("/", trackRoutes());
  app.route("/", staffRoutes());
  app.route("/", kpiRoutes());
  app.route("/", voiceRoutes());
  app.route("/", nationalReportRoutes());
  app.route("/", calendarAdminRoutes());
  app.route("/", webhooksAdminRoutes());
  app.route("/", mediaRoutes());
  app.route("/", complaintUploadRoutes());
  // Procedures set cookies through Hono's context; creating the response object first
  // makes Hono merge those headers into the response tRPC returns.
  app.use("/trpc/*", async (c, next) => {
    void c.res;
    await next();
  });
  app.use(
    "/trpc/*",
    trpcServer({
      router: appRouter,
      endpoint: "/trpc",
      createContext: (_opts, c) => ({ deps, c: c as never }),
      onError: ({ error, path }) => {
        if (error.code === "INTERNAL_SERVER_ERROR") {
          deps.logger.error({ path, err: { name: error.name, message: error.message, stack: error.stack } }, "unhandled API error");
        }
      },
    }),
  );

  app.notFound((c) => c.html(<NotFoundPage ctx={pageContext(c, deps.demo)} />, 404));

  app.onError((err, c) => {
    if (err instanceof HTTPException && err.status < 500) {
      return err.getResponse();
    }
    if (databaseFault(err)) {
      deps.database.reportFailure(err);
      deps.logger.warn({ reqId: c.var.requestId, err: { name: err.name, message: err.message } }, "database unavailable");
      return unavailableResponse(c);
    }
    const errorId = c.var.requestId ?? randomUUID();
    // The message and stack go to the log for engineers; the user sees a reference only.
    deps.logger.error({ reqId: errorId, err: { name: err.name, message: err.message, stack: err.stack } }, "unhandled error");
    return c.html(<ErrorPage ctx={pageContext(c, deps.demo)} errorId={errorId} />, 500);
  });

  return app;
}
