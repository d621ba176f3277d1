import { TRPCError } from "@trpc/server";
import { messages } from "../../views/i18n/index.ts";
import { fieldProblems, refusalText } from "../../views/i18n/errors.ts";
import { refusal, type RefusalCode } from "../refusals.ts";
import { apiLang, type ApiContext } from "./trpc.ts";

/** What a use case refused with, as the result types carry it. */
export interface Refused {
  error: string;
  fields?: Record<string, string>;
  retryAt?: Date;
  attemptsLeft?: number;
  eligibleFrom?: Date;
}

/**
 * Throws a refusal as the app sees it: `message` is the code, the tRPC code comes from
 * the refusal table (server/refusals.ts), and trpc.ts's error formatter puts the
 * translated text, the field problems and retryAt/eligibleFrom into `error.data`.
 * `as` names the table entry where the code itself is not one (a report's
 * ineligibility reason); `text` replaces the sentence where the caller words it.
 */
export function refuse(ctx: ApiContext, f: Refused, opts: { as?: RefusalCode; text?: string } = {}): never {
  const lang = apiLang(ctx.c);
  const t = messages(lang);
  const params = {
    lang,
    timeZone: ctx.deps.calendar.timeZone,
    ...(f.retryAt ? { retryAt: f.retryAt } : {}),
    ...(f.attemptsLeft !== undefined ? { attemptsLeft: f.attemptsLeft } : {}),
  };
  const text = opts.text ?? refusalText(t, f.error, params);
  const fields = f.fields ? fieldProblems(t, f.fields) : undefined;
  throw new TRPCError({
    code: refusal(opts.as ?? f.error).trpc,
    message: f.error,
    cause: Object.assign(new Error(text), { fields, retryAt: f.retryAt?.toISOString(), eligibleFrom: f.eligibleFrom?.toISOString() }),
  });
}
