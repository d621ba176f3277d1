import type { Context } from "hono";
import { matchedRoutes } from "hono/route";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { createRouter, type AppEnv } from "../app-env.ts";

/**
 * The route a request matched, as its pattern (`/agency/complaints/:reference`), so a
 * series is per route and not per complaint; "unmatched" for a 404 no route answered.
 */
export function routeLabel(c: Context<AppEnv>): string {
  const routes = matchedRoutes(c).filter((r) => r.method !== "ALL" && !r.path.endsWith("*"));
  return routes.at(-1)?.path ?? (c.req.path.startsWith("/trpc/") ? "/trpc/*" : "unmatched");
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/**
 * Prometheus's scrape (issue 18 item 4). Before the database gate: while the database
 * is down, /metrics says so (hub_database_up 0) instead of answering 503.
 */
export function metricsRoutes() {
  const app = createRouter();
  app.get("/metrics", async (c) => {
    const { metrics, metricsToken } = c.var.deps;
    if (!metrics) return c.text("metrics are not enabled\n", 404);
    if (metricsToken) {
      const given = (c.req.header("authorization") ?? "").replace(/^Bearer\s+/i, "");
      const enc = new TextEncoder();
      if (given.length !== metricsToken.length || !constantTimeEqual(enc.encode(given), enc.encode(metricsToken))) {
        c.header("WWW-Authenticate", 'Bearer realm="metrics"');
        return c.text("a METRICS_TOKEN bearer token is required\n", 401);
      }
    } else {
      // No token: only a caller on this machine. An in-process request (tests) has no socket.
      const socket = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket;
      if (socket && !LOOPBACK.test(socket.remoteAddress ?? "")) return c.text("set METRICS_TOKEN to scrape from another machine\n", 403);
    }
    c.header("Cache-Control", "no-store");
    return c.body(await metrics.registry.metrics(), 200, { "Content-Type": metrics.registry.contentType });
  });
  return app;
}
