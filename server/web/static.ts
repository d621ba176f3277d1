import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Hono } from "hono";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

// Assets are few and small: read once at start-up, served from memory. htmx comes
// from node_modules (pinned in package.json), never from a CDN.
function assets(): Record<string, { body: string; type: string }> {
  const htmxDir = dirname(require.resolve("htmx.org/package.json"));
  return {
    "htmx.min.js": { body: readFileSync(join(htmxDir, "dist/htmx.min.js"), "utf8"), type: "text/javascript; charset=utf-8" },
    "app.js": { body: readFileSync(join(here, "../../views/static/app.js"), "utf8"), type: "text/javascript; charset=utf-8" },
    "app.css": { body: readFileSync(join(here, "../../views/static/app.css"), "utf8"), type: "text/css; charset=utf-8" },
  };
}

let css: string | undefined;
/** The shared stylesheet's text, for documents printed without fetching it (the report's PDF). */
export function stylesheet(): string {
  return (css ??= readFileSync(join(here, "../../views/static/app.css"), "utf8"));
}

export function staticRoutes() {
  const files = assets();
  const app = new Hono();
  app.get("/static/:name", (c) => {
    const f = files[c.req.param("name")];
    if (!f) return c.notFound();
    return c.body(f.body, 200, { "content-type": f.type, "cache-control": "public, max-age=3600" });
  });
  return app;
}
