import { initTRPC, TRPCError } from "@trpc/server";
import { databaseFault } from "../db-faults.ts";
import { RETRY_AFTER_S } from "../web/unavailable.tsx";
import type { Context } from "hono";
import { ZodError } from "zod";
import type { AppDeps, AppEnv } from "../app-env.ts";
import { langOf } from "../web/context.ts";
import { messages } from "../../views/i18n/index.ts";

export interface ApiContext {
  deps: AppDeps;
  /** The Hono request, so procedures can read and set cookies like the web pages do. */
  c: Context<AppEnv>;
}

type Cause = Error & { fields?: Record<string, { code: string; message: string }>; retryAt?: string; eligibleFrom?: string };

// Plain JSON (no transformer): the mobile app is not written in TypeScript. Errors
// never carry a stack; they carry the code, the translated text and field problems.
const t = initTRPC.context<ApiContext>().create({
  isDev: false,
  errorFormatter({ shape, error, ctx }) {
    const cause = error.cause as Cause | undefined;
    const tr = ctx ? messages(langOf(ctx.c)) : messages("ar");
    const text =
      cause instanceof ZodError
        ? tr.errors.invalid
        : error.code === "INTERNAL_SERVER_ERROR"
          ? tr.errorTitle
          : error.code === "SERVICE_UNAVAILABLE"
            ? tr.unavailableBody
            : (cause?.message ?? error.message);
    const fields =
      cause instanceof ZodError
        ? Object.fromEntries(cause.issues.map((i) => [String(i.path[0] ?? "_"), { code: "invalid", message: tr.errors.invalid }]))
        : cause?.fields;
    return {
      message: error.code === "INTERNAL_SERVER_ERROR" ? "internal" : error.message,
      code: shape.code,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        text,
        fields,
        retryAt: cause?.retryAt,
        eligibleFrom: cause?.eligibleFrom,
      },
    };
  },
});
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
