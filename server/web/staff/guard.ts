import type { Context } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { redirectTo } from "../respond.tsx";

/** Staff pages: signed-out visitors go to the staff sign-in and come back afterwards. */
export async function requireStaff(c: Context<AppEnv>, next: () => Promise<void>) {
  if (!c.var.staff)
    return redirectTo(c, `/staff/signin?next=${encodeURIComponent(new URL(c.req.url).pathname + new URL(c.req.url).search)}`);
  await next();
}
