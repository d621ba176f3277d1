import { initTRPC, TRPCError } from "@trpc/server";
import { databaseFault } from "../db-faults.ts";
import { RETRY_AFTER_S } from "../refusals.ts";
import type { Context } from "hono";
import { ZodError } from "zod";
import type { AppDeps, AppEnv } from "../app-env.ts";
import { apiLang } from "./lang.ts";
import { fieldErrors } from "../fields.ts";
import { fieldProblems, refusalText } from "../../views/i18n/errors.ts";
import { messages } from "../../views/i18n/index.ts";

export interface ApiContext {
  deps: AppDeps;
  /** The Hono request, so procedures can read and set cookies like the web pages do. */
  c: Context<AppEnv>;
}

type Cause = Error & { fields?: Record<string, { code: string; message: string }>; retryAt?: string; eligibleFrom?: string };

/** One field's problem, as the list in `error.data.issues` carries it. */
export interface FieldIssue {
  field: string;
  code: string;
  message: string;
}

// Plain JSON (no transformer): the mobile app is not written in TypeScript. Errors
// never carry a stack. `message` and `data.text` are the sentence for the caller, in
// their language; `data.reason` is the machine code to branch on (the refusal table's
// code, "invalid" for field problems, "internal"); `data.issues` lists field problems
// (`data.fields` has the same, keyed by field, for the hub's own pages and older apps).
const t = initTRPC.context<ApiContext>().create({
  isDev: false,
  errorFormatter({ shape, error, ctx }) {
    const cause = error.cause as Cause | undefined;
    const tr = ctx ? messages(apiLang(ctx.c)) : messages("ar");
    const zod = cause instanceof ZodError ? cause : undefined;
    const reason = zod
      ? "invalid"
      : error.code === "INTERNAL_SERVER_ERROR"
        ? "internal"
        : /^[a-z_]+$/.test(error.message)
          ? error.message
          : refusalFor(error.code);
    const fields = zod ? fieldProblems(tr, fieldErrors(zod)) : cause?.fields;
    const text = zod
      ? tr.errors.invalid
      : error.code === "INTERNAL_SERVER_ERROR"
        ? tr.errorTitle
        : reason === "database_unavailable"
          ? tr.unavailableBody
          : cause?.message && cause.message !== error.message
            ? cause.message
            : refusalText(tr, reason);
    const issues: FieldIssue[] | undefined = fields
      ? Object.entries(fields).map(([field, p]) => ({ field, code: p.code, message: p.message }))
      : undefined;
    return {
      message: text,
      code: shape.code,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        reason,
        text,
        fields,
        issues,
        retryAt: cause?.retryAt,
        eligibleFrom: cause?.eligibleFrom,
      },
    };
  },
});

/** tRPC's own refusals (an unknown procedure, a GET to a mutation) as the table's codes. */
function refusalFor(code: string): string {
  return code === "NOT_FOUND"
    ? "not_found"
    : code === "UNAUTHORIZED"
      ? "signed_out"
      : code === "TOO_MANY_REQUESTS"
        ? "throttled"
        : "invalid";
}
export { apiLang };
export const router = t.router;
// A procedure whose database stopped answering fails as SERVICE_UNAVAILABLE (503, with
// Retry-After and a translated text), never as an internal error; the database is
// marked down so the next requests get the 503 at once (server/web/unavailable.tsx).
const databaseGuard = t.middleware(async ({ ctx, next }) => {
  const result = await next();
  if (!result.ok && databaseFault(result.error)) {
    ctx.deps.database.reportFailure(result.error);
    ctx.c.header("Retry-After", String(RETRY_AFTER_S));
    throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "database_unavailable", cause: result.error.cause });
  }
  return result;
});
export const publicProcedure = t.procedure.use(databaseGuard);
