import type { MiddlewareHandler } from "hono";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses every state-changing request whose Origin is missing or not the hub's own
 * (lucia-auth.com's CSRF guidance). SameSite=Lax cookies alone leave gaps (older
 * browsers, sibling subdomains), and htmx and fetch always send Origin on POST.
 */
export function originCheck(opts: { allowed: string[]; onRefuse: MiddlewareHandler }): MiddlewareHandler {
  // Compared with the configured origins only: the request's own URL is built from its
  // Host header, which whoever sends the request writes, so it proves nothing.
  const allowed = new Set(opts.allowed);
  return async (c, next) => {
    if (SAFE.has(c.req.method)) return next();
    const origin = c.req.header("origin");
    if (!origin || !allowed.has(origin)) {
      return opts.onRefuse(c, next);
    }
    return next();
  };
}
