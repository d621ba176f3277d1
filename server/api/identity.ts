import { TRPCError } from "@trpc/server";
import { z } from "zod";
import {
  completeRegistration,
  getCitizen,
  signIn,
  startRegistration,
  type Failure,
  type IdentityDeps,
} from "../identity/citizens.ts";
import { langOf } from "../web/context.ts";
import { clientIp, endSession, startSession } from "../web/session.ts";
import { messages } from "../../views/i18n/index.ts";
import { errorText } from "../../views/components/form.tsx";
import { publicProcedure, router } from "./trpc.ts";
import type { ApiContext } from "./trpc.ts";

// The mobile app's door onto the same identity use cases as the web pages. Mutations
// are POSTs, so they pass the CSRF origin check: the app sends Origin = PUBLIC_URL.
// Errors carry the use-case code as `message` and the translated text in `cause`.

const deps = (ctx: ApiContext): IdentityDeps => ({ db: ctx.deps.db, clock: ctx.deps.clock, registry: ctx.deps.registry, sms: ctx.deps.sms });

const CODE_STATUS: Record<string, TRPCError["code"]> = {
  invalid: "BAD_REQUEST",
  throttled: "TOO_MANY_REQUESTS",
  registry_unavailable: "SERVICE_UNAVAILABLE",
  sms_failed: "SERVICE_UNAVAILABLE",
  invalid_credentials: "UNAUTHORIZED",
  already_registered: "CONFLICT",
};

function fail(ctx: ApiContext, f: Failure): never {
  const lang = langOf(ctx.c);
  const t = messages(lang);
  const text = errorText(t, f.error, {
    lang,
    timeZone: ctx.deps.calendar.timeZone,
    ...("retryAt" in f ? { retryAt: f.retryAt } : {}),
    ...("attemptsLeft" in f ? { attemptsLeft: f.attemptsLeft } : {}),
  });
  const fields = "fields" in f ? Object.fromEntries(Object.entries(f.fields).map(([k, code]) => [k, { code, message: errorText(t, code) }])) : undefined;
  throw new TRPCError({
    code: CODE_STATUS[f.error] ?? "BAD_REQUEST",
    message: f.error,
    cause: Object.assign(new Error(text), { fields, retryAt: "retryAt" in f ? f.retryAt.toISOString() : undefined }),
  });
}

const registerInput = z.object({
  nationalId: z.string().max(20),
  nationality: z.string().max(2),
  firstName: z.string().max(100),
  fatherName: z.string().max(100),
  grandfatherName: z.string().max(100),
  familyName: z.string().max(100),
  dateOfBirth: z.string().max(10),
  mobile: z.string().max(20),
  email: z.string().max(200).optional(),
  country: z.string().max(2),
  city: z.string().max(100),
  address: z.string().max(400),
  password: z.string().max(200),
  passwordConfirm: z.string().max(200),
  acceptPolicy: z.boolean(),
});

export const identityRouter = router({
  register: publicProcedure.input(registerInput).mutation(async ({ ctx, input }) => {
    const r = await startRegistration(deps(ctx), input, { ip: clientIp(ctx.c), lang: langOf(ctx.c) });
    if (!r.ok) fail(ctx, r);
    return { challengeId: r.challengeId };
  }),
  verifyOtp: publicProcedure
    .input(z.object({ challengeId: z.string().max(64), code: z.string().max(10) }))
    .mutation(async ({ ctx, input }) => {
      const r = await completeRegistration(deps(ctx), input.challengeId, input.code.trim());
      if (!r.ok) fail(ctx, r);
      await startSession(ctx.c, "citizen", r.citizenId);
      return { ok: true as const };
    }),
  login: publicProcedure
    .input(z.object({ nationalId: z.string().max(20), password: z.string().max(200) }))
    .mutation(async ({ ctx, input }) => {
      const r = await signIn(deps(ctx), input, { ip: clientIp(ctx.c) });
      if (!r.ok) fail(ctx, r);
      await startSession(ctx.c, "citizen", r.citizenId);
      return { ok: true as const };
    }),
  logout: publicProcedure.mutation(async ({ ctx }) => {
    await endSession(ctx.c, "citizen");
    return { ok: true as const };
  }),
  me: publicProcedure.query(async ({ ctx }) => {
    const s = ctx.c.var.citizenSession;
    const c = s ? await getCitizen(ctx.deps.db, s.userId) : null;
    if (!c) throw new TRPCError({ code: "UNAUTHORIZED", message: "signed_out" });
    return {
      nationalId: c.nationalId,
      nationality: c.nationality,
      firstName: c.firstName,
      fatherName: c.fatherName,
      grandfatherName: c.grandfatherName,
      familyName: c.familyName,
      dateOfBirth: c.dateOfBirth,
      mobile: c.mobile,
      email: c.email,
      country: c.country,
      city: c.city,
      address: c.address,
      notifyBy: c.notifyBy,
      lang: c.lang,
    };
  }),
});
