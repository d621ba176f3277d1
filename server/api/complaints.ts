import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { submitComplaint } from "../complaints/submit.ts";
import { citizenComplaint, citizenComplaints } from "../complaints/queries.ts";
import { langOf } from "../web/context.ts";
import { messages } from "../../views/i18n/index.ts";
import { errorText } from "../../views/components/form.tsx";
import { publicProcedure, router, type ApiContext } from "./trpc.ts";

function citizenId(ctx: ApiContext): string {
  const s = ctx.c.var.citizenSession;
  if (!s) throw new TRPCError({ code: "UNAUTHORIZED", message: "signed_out" });
  return s.userId;
}

// Loose input: the use case validates, so the app and the web form get the same
// field codes.
export const complaintsRouter = router({
  submit: publicProcedure.input(z.record(z.string(), z.unknown())).mutation(async ({ ctx, input }) => {
    const r = await submitComplaint(
      { db: ctx.deps.db, clock: ctx.deps.clock, routing: ctx.deps.routing, routingThreshold: ctx.deps.routingThreshold },
      citizenId(ctx),
      input,
    );
    if (!r.ok) {
      const t = messages(langOf(ctx.c));
      const fields = Object.fromEntries(Object.entries(r.fields).map(([k, code]) => [k, { code, message: errorText(t, code) }]));
      throw new TRPCError({ code: "BAD_REQUEST", message: "invalid", cause: Object.assign(new Error(t.errors.invalid), { fields }) });
    }
    return { reference: r.reference, status: r.status, agencyCode: r.agencyCode, serviceCode: r.serviceCode, routedBy: r.routedBy };
  }),
  mine: publicProcedure.query(({ ctx }) => citizenComplaints(ctx.deps.db, citizenId(ctx))),
  get: publicProcedure.input(z.object({ reference: z.string().max(32) })).query(async ({ ctx, input }) => {
    const c = await citizenComplaint(ctx.deps.db, citizenId(ctx), input.reference.trim().toUpperCase());
    if (!c) throw new TRPCError({ code: "NOT_FOUND", message: "not_found" });
    return c;
  }),
});
