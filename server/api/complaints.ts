import { z } from "zod";
import { submitComplaint } from "../complaints/submit.ts";
import { citizenComplaint, citizenComplaints } from "../complaints/queries.ts";
import { langOf } from "../web/context.ts";
import { messages } from "../../views/i18n/index.ts";
import { refuse } from "./refuse.ts";
import { publicProcedure, router, type ApiContext } from "./trpc.ts";
import { parseCommand } from "../complaints/commands.ts";
import { act } from "../complaints/transition.ts";
import { activeCities, matchCity } from "../routing/cities.ts";
import { citizenReport, citizenReports, fileReport } from "../reports/reports.ts";

function citizenId(ctx: ApiContext): string {
  const s = ctx.c.var.citizenSession;
  if (!s) refuse(ctx, { error: "signed_out" });
  return s.userId;
}

// Loose input: the use case validates, so the app and the web form get the same
// field codes.
export const complaintsRouter = router({
  submit: publicProcedure.input(z.record(z.string(), z.unknown())).mutation(async ({ ctx, input }) => {
    // A city named in Arabic or English is read as its code; an unknown one stays as
    // given, and the use case refuses it (city_unknown).
    // A code (the usual case) goes straight to the use case, which checks it: no extra query.
    const city =
      typeof input.city === "string" && !/^[a-z0-9-]+$/.test(input.city)
        ? (matchCity(await activeCities(ctx.deps.db), input.city) ?? input.city)
        : input.city;
    const r = await submitComplaint(
      ctx.deps,
      citizenId(ctx),
      { ...input, city },
      [],
      // The mobile API: stored as its own channel, not as the web portal.
      "app",
    );
    if (!r.ok) refuse(ctx, r);
    return { reference: r.reference, status: r.status, agencyCode: r.agencyCode, serviceCode: r.serviceCode, routedBy: r.routedBy };
  }),
  // The citizen's side of the lifecycle, as on the web page: answer a request for
  // information, reopen within the window, withdraw. `version` is the one they saw.
  act: publicProcedure
    .input(
      z.object({
        reference: z.string().max(32),
        version: z.number().int(),
        action: z.enum(["answer", "reopen", "withdraw"]),
        text: z.string().max(5000).optional(),
        reason: z.string().max(2000).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const who = citizenId(ctx);
      const parsed = parseCommand(input.action, input);
      if (!parsed.ok) refuse(ctx, { error: "invalid", fields: parsed.fields });
      const r = await act(ctx.deps, { kind: "citizen", id: who }, input.reference.trim().toUpperCase(), input.version, parsed.command);
      if (r.ok) return { reference: r.reference, status: r.status, version: r.version };
      // Refused on who you are reads as not found: an outsider learns nothing.
      return refuse(ctx, r.error === "forbidden" ? { error: "not_found" } : r);
    }),
  mine: publicProcedure.query(({ ctx }) => citizenComplaints(ctx.deps.db, citizenId(ctx))),
  get: publicProcedure.input(z.object({ reference: z.string().max(32) })).query(async ({ ctx, input }) => {
    const c = await citizenComplaint(ctx.deps.db, citizenId(ctx), input.reference.trim().toUpperCase());
    if (!c) refuse(ctx, { error: "not_found" });
    return c;
  }),
});

export const reportsRouter = router({
  file: publicProcedure.input(z.record(z.string(), z.unknown())).mutation(async ({ ctx, input }) => {
    const r = await fileReport(ctx.deps, citizenId(ctx), input);
    if (r.ok) return { reference: r.reference, dueAt: r.dueAt.toISOString() };
    if (r.error === "invalid") refuse(ctx, r);
    const t = messages(langOf(ctx.c));
    const text = t.reports.ineligible[r.reason as keyof typeof t.reports.ineligible] ?? t.errors.invalid;
    // The app reads the reason as the code; the table's `ineligible` entry gives the tRPC code.
    return refuse(ctx, { error: r.reason, ...(r.eligibleFrom ? { eligibleFrom: r.eligibleFrom } : {}) }, { as: "ineligible", text });
  }),
  mine: publicProcedure.query(({ ctx }) => citizenReports(ctx.deps.db, citizenId(ctx))),
  get: publicProcedure.input(z.object({ reference: z.string().max(32) })).query(async ({ ctx, input }) => {
    const r = await citizenReport(ctx.deps.db, citizenId(ctx), input.reference.trim().toUpperCase());
    if (!r) refuse(ctx, { error: "not_found" });
    return r;
  }),
});
