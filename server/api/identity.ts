import { z } from "zod";
import { completeRegistration, getCitizen, resendCode, signIn, startRegistration, type IdentityDeps } from "../identity/citizens.ts";
import { westernDigits } from "../fields.ts";
import { langOf } from "../web/context.ts";
import { clientIp, endSession, startSession } from "../web/session.ts";
import { refuse } from "./refuse.ts";
import { publicProcedure, router } from "./trpc.ts";
import type { ApiContext } from "./trpc.ts";

// The mobile app's door onto the same identity use cases as the web pages.
//
// CSRF: mutations are POSTs and pass the hub's origin check like every form, so the
// app must send `Origin: $PUBLIC_URL` (a native HTTP client sends none by itself);
// queries are GETs and need none. The session is the same HttpOnly cookie as the
// web's, so the app keeps the cookie jar of its HTTP client.
//
// Refusals are TRPCErrors with `message` = the use case's code (`identity_mismatch`,
// `throttled`, `code_wrong`, …, or `invalid` for form problems). The error formatter
// in trpc.ts puts in `error.data`: `text` (the message in the `lang` cookie's
// language), `fields` ({ name: { code, message } } for `invalid`) and `retryAt`
// (ISO time, for `throttled`).

const deps = (ctx: ApiContext): IdentityDeps => ({
  db: ctx.deps.db,
  clock: ctx.deps.clock,
  registry: ctx.deps.registry,
  sms: ctx.deps.sms,
});

/**
 * An input parser for `.input()`. tRPC names an input error after its cause's message,
 * and zod's is a JSON dump of the issues; renaming it keeps the promise that
 * `error.message` is a code (`invalid`), while trpc.ts still reads the ZodError's
 * issues into `error.data.fields`.
 */
function shape<S extends z.ZodType>(schema: S) {
  return (input: unknown): z.output<S> => {
    const r = schema.safeParse(input);
    if (r.success) return r.data;
    r.error.message = "invalid";
    throw r.error;
  };
}

/** A typed SMS code: Arabic-Indic digits become 0-9 and spaces go, as on the web form. */
const smsCode = z
  .string()
  .max(20)
  .transform((v) => westernDigits(v).replace(/\s/g, ""));

// Shapes only (strings of sane length): the use cases validate the content, so the
// app and the web form get the same field codes.
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
const challengeInput = z.object({ challengeId: z.string().max(64) });
const verifyInput = challengeInput.extend({ code: smsCode });
const loginInput = z.object({ nationalId: z.string().max(20), password: z.string().max(200) });

export const identityRouter = router({
  /** The registration fields (`acceptPolicy: true`) → `{ challengeId }`; the code goes by SMS. */
  register: publicProcedure.input(shape(registerInput)).mutation(async ({ ctx, input }) => {
    const r = await startRegistration(deps(ctx), input, { ip: clientIp(ctx.c), lang: langOf(ctx.c) });
    if (!r.ok) refuse(ctx, r);
    return { challengeId: r.challengeId };
  }),
  /** The SMS code → the account is created and the session cookie set. */
  verifyOtp: publicProcedure.input(shape(verifyInput)).mutation(async ({ ctx, input }) => {
    const r = await completeRegistration(deps(ctx), input.challengeId, input.code);
    if (!r.ok) refuse(ctx, r);
    await startSession(ctx.c, "citizen", r.citizenId);
    return { ok: true as const };
  }),
  /** A new code for the same challenge: one a minute and five an hour per number. */
  resendCode: publicProcedure.input(shape(challengeInput)).mutation(async ({ ctx, input }) => {
    const r = await resendCode(deps(ctx), input.challengeId, langOf(ctx.c));
    if (!r.ok) refuse(ctx, r);
    return { ok: true as const };
  }),
  /** National number + password → session cookie; `invalid_credentials` whichever was wrong. */
  login: publicProcedure.input(shape(loginInput)).mutation(async ({ ctx, input }) => {
    const r = await signIn(deps(ctx), input, { ip: clientIp(ctx.c) });
    if (!r.ok) refuse(ctx, r);
    await startSession(ctx.c, "citizen", r.citizenId);
    return { ok: true as const };
  }),
  /** Ends this session (the cookie's), signed in or not. */
  logout: publicProcedure.mutation(async ({ ctx }) => {
    await endSession(ctx.c, "citizen");
    return { ok: true as const };
  }),
  /** The signed-in citizen's profile, or UNAUTHORIZED (`signed_out`). */
  me: publicProcedure.query(async ({ ctx }) => {
    const s = ctx.c.var.citizenSession;
    const c = s ? await getCitizen(ctx.deps.db, s.userId) : null;
    if (!c) refuse(ctx, { error: "signed_out" });
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
