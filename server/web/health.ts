import { createRouter } from "../app-env.ts";

export function healthRoutes() {
  const app = createRouter();
  // Liveness: the process answers. Never touches the database, so a slow database
  // does not get healthy instances restarted.
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  // Readiness: the database answers; a load balancer stops sending traffic otherwise.
  app.get("/readyz", async (c) => {
    try {
      await c.var.deps.database.ping();
      return c.json({ status: "ready", database: c.var.deps.database.kind });
    } catch (e) {
      c.var.deps.logger.warn({ err: (e as Error).message }, "readiness check failed");
      return c.json({ status: "unavailable", database: c.var.deps.database.kind }, 503);
    }
  });
  return app;
}
