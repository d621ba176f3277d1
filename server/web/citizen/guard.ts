import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../../app-env.ts";
import { redirectTo } from "../respond.tsx";

/** Pages of a signed-in citizen: anyone else is sent to sign in and brought back. */
export async function requireCitizen(c: Context<AppEnv>, next: () => Promise<void>): Promise<Response | void> {
  if (!c.var.citizenSession) {
    return redirectTo(c, `/signin?next=${encodeURIComponent(new URL(c.req.url).pathname)}`);
  }
  await next();
}

/** The signed-in citizen's id, on routes behind requireCitizen. */
export function citizenId(c: Context<AppEnv>): string {
  const s = c.var.citizenSession;
  if (!s) throw new HTTPException(401);
  return s.userId;
}
