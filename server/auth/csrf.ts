import type { MiddlewareHandler } from "hono";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses every state-changing request whose Origin is missing or not the hub's own
 * (lucia-auth.com's CSRF guidance). SameSite=Lax cookies alone leave gaps (older
 * browsers, sibling subdomains), and htmx and fetch always send Origin on POST.
 */
export function originCheck(opts: { publicOrigin: string; onRefuse: MiddlewareHandler }): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE.has(c.req.method)) return next();
    const origin = c.req.header("origin");
    const own = new URL(c.req.url).origin;
    if (!origin || (origin !== own && origin !== opts.publicOrigin)) {
      return opts.onRefuse(c, next);
    }
    return next();
  };
}
