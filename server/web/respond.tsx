import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { AppEnv } from "../app-env.ts";
import { raw } from "hono/html";
import { Layout, pageTitle } from "../../views/layout.tsx";
import { ERROR_SUMMARY_MARK } from "../../views/components/form.tsx";
import { pageContext } from "./context.ts";
import { refusalStatus, type RefusalStatus } from "../refusals.ts";

export function isHtmx(c: Context<AppEnv>): boolean {
  return c.req.header("hx-request") === "true";
}

/**
 * After a successful form post: htmx follows HX-Redirect (it ignores 3xx headers),
 * a browser without JavaScript follows 303.
 */
export function redirectTo(c: Context<AppEnv>, url: string) {
  if (isHtmx(c)) {
    c.header("HX-Redirect", url);
    return c.body(null, 200);
  }
  return c.redirect(url, 303);
}

/**
 * One component serves both doors: htmx gets the fragment it swaps, a plain request
 * gets the whole page around it.
 */
export async function respond(c: Context<AppEnv>, title: string, fragment: Child, status: 200 | RefusalStatus = 200) {
  const ctx = pageContext(c, c.var.deps.demo);
  const body = String(await (<>{fragment}</>).toString());
  // The title says "Error:" exactly when the page carries an error summary, so the
  // first thing a screen reader reads after a failed submit is that it failed.
  const failed = body.includes(ERROR_SUMMARY_MARK);
  if (isHtmx(c)) {
    // htmx 4 moves a <title> found in a fragment into document.title (and drops it
    // from the swap), so a swapped-in error summary retitles the page, and a
    // corrected form takes the prefix away again.
    return c.html(
      <>
        <title>{pageTitle(ctx.t, title, failed)}</title>
        {raw(body)}
      </>,
      status,
    );
  }
  return c.html(
    <Layout ctx={ctx} title={title} failed={failed}>
      {raw(body)}
    </Layout>,
    status,
  );
}

/** The old name of refusalStatus (server/refusals.ts), for branches that still call it. */
export const failureStatus = refusalStatus;

/** Form bodies as plain strings; files and repeated keys are not expected on these forms. */
export async function formFields(c: Context<AppEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === "string") out[k] = v;
  return out;
}
