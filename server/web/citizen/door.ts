import type { Context } from "hono";
import type { AppEnv } from "../../app-env.ts";
import type { Failure, IdentityDeps } from "../../identity/citizens.ts";
import { errorText, refusalText } from "../../../views/i18n/errors.ts";
import { messages } from "../../../views/i18n/index.ts";
import { langOf } from "../context.ts";

// What every citizen identity route needs: the use cases' dependencies, and their
// refusals in the reader's language. No identity rule lives in server/web.

export function identityDeps(c: Context<AppEnv>): IdentityDeps {
  const { db, clock, registry, sms } = c.var.deps;
  return { db, clock, registry, sms };
}

export function speaker(c: Context<AppEnv>) {
  const lang = langOf(c);
  const t = messages(lang);
  /** A refusal as one sentence; throttling names the time in the hub's time zone, not the server's. */
  const failure = (f: Failure) =>
    refusalText(t, f.error, {
      lang,
      timeZone: c.var.deps.calendar.timeZone,
      ...("retryAt" in f ? { retryAt: f.retryAt } : {}),
      ...("attemptsLeft" in f ? { attemptsLeft: f.attemptsLeft } : {}),
    });
  /** Field problems, each next to its field. */
  const fields = (f: Failure): Record<string, string> =>
    "fields" in f ? Object.fromEntries(Object.entries(f.fields).map(([name, code]) => [name, errorText(t, code)])) : {};
  /** The alert above a form: none when the fields already say what is wrong. */
  const alert = (f: Failure) => (f.error === "invalid" ? undefined : failure(f));
  return { lang, t, failure, fields, alert };
}
