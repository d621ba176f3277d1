import { Hono, type Context } from "hono";
import type { AppEnv } from "../../app.tsx";
import { deleteUserSessions } from "../../auth/sessions.ts";
import {
  completeMobileChange,
  completePasswordReset,
  completeRegistration,
  getCitizen,
  resendCode,
  signIn,
  startMobileChange,
  startPasswordReset,
  startRegistration,
  updateProfile,
  type Failure,
  type IdentityDeps,
} from "../../identity/citizens.ts";
import { challengeMobile } from "../../identity/otp.ts";
import { maskMobile } from "../../identity/fields.ts";
import { errorText } from "../../../views/components/form.tsx";
import { AccountPage, MobileForm, ProfileForm } from "../../../views/pages/citizen/account.tsx";
import { CodeForm, ForgotForm, PrivacyPage, RegisterForm, SigninForm } from "../../../views/pages/citizen/forms.tsx";
import { langOf } from "../context.ts";
import { messages, type Messages } from "../../../views/i18n/index.ts";
import { safeNext } from "../language.ts";
import { complaintRoutes } from "./complaints.tsx";
import { clientIp, endSession, startSession } from "../session.ts";
import { failureStatus, formFields, redirectTo, respond } from "../respond.tsx";

// Thin doors onto server/identity/citizens.ts: parse the form, call the use case,
// render the outcome. No rule about identity lives here.

function identityDeps(c: Context<AppEnv>): IdentityDeps {
  const { db, clock, registry, sms } = c.var.deps;
  return { db, clock, registry, sms };
}

function tr(c: Context<AppEnv>) {
  const lang = langOf(c);
  const t = messages(lang);
  const say = (f: Failure) =>
    errorText(t, f.error, {
      lang,
      timeZone: c.var.deps.calendar.timeZone,
      ...("retryAt" in f ? { retryAt: f.retryAt } : {}),
      ...("attemptsLeft" in f ? { attemptsLeft: f.attemptsLeft } : {}),
    });
  const fieldTexts = (f: Failure) => ("fields" in f ? Object.fromEntries(Object.entries(f.fields).map(([k, code]) => [k, errorText(t, code)])) : {});
  return { lang, t, say, fieldTexts };
}

const withoutSecrets = (v: Record<string, string>) => {
  const { password: _p, passwordConfirm: _c, ...rest } = v;
  return rest;
};

const mask = (id: string) => `${"•".repeat(Math.max(0, id.length - 4))}${id.slice(-4)}`;

export function citizenRoutes() {
  const app = new Hono<AppEnv>();

  app.get("/privacy", (c) => {
    const { t } = tr(c);
    return respond(c, t.citizen.privacyTitle, <PrivacyPage t={t} />);
  });

  // --- registration -------------------------------------------------------
  app.get("/register", (c) => {
    const { t, lang } = tr(c);
    return respond(c, t.citizen.registerTitle, <RegisterForm t={t} lang={lang} values={{}} errors={{}} />);
  });

  app.post("/register", async (c) => {
    const { t, lang, say, fieldTexts } = tr(c);
    const form = await formFields(c);
    const r = await startRegistration(identityDeps(c), form, { ip: clientIp(c), lang });
    if (r.ok) return redirectTo(c, `/register/verify?c=${encodeURIComponent(r.challengeId)}`);
    const alert = r.error === "invalid" ? undefined : say(r);
    return respond(c, t.citizen.registerTitle, <RegisterForm t={t} lang={lang} values={withoutSecrets(form)} errors={fieldTexts(r)} alert={alert} />, failureStatus(r.error));
  });

  const verifyIntro = async (c: Context<AppEnv>, challengeId: string) => {
    const { t } = tr(c);
    const mobile = await challengeMobile(c.var.deps.db, challengeId);
    return mobile?.startsWith("+") ? t.citizen.verifyIntro(maskMobile(mobile)) : t.citizen.verifyIntroNeutral;
  };

  const registerCode = codeStep(app, { id: "register-verify", base: "/register", title: (t) => t.citizen.verifyTitle, intro: verifyIntro });

  app.post("/register/verify", async (c) => {
    const { t, say } = tr(c);
    const form = await formFields(c);
    const r = await completeRegistration(identityDeps(c), form.challengeId ?? "", (form.code ?? "").trim());
    if (r.ok) {
      await startSession(c, "citizen", r.citizenId);
      return redirectTo(c, "/account?welcome=1");
    }
    return respond(c, t.citizen.verifyTitle, await registerCode(c, form.challengeId ?? "", { alert: say(r) }), failureStatus(r.error));
  });

  // --- sign in / out ------------------------------------------------------
  app.get("/signin", (c) => {
    const { t } = tr(c);
    const notice = c.req.query("reset") ? t.citizen.resetDone : undefined;
    return respond(c, t.citizen.signinTitle, <SigninForm t={t} values={{}} next={safeNext(c.req.query("next"))} notice={notice} />);
  });

  app.post("/signin", async (c) => {
    const { t, say } = tr(c);
    const form = await formFields(c);
    const next = safeNext(c.req.query("next") ?? "/account");
    const r = await signIn(identityDeps(c), form, { ip: clientIp(c) });
    if (r.ok) {
      await startSession(c, "citizen", r.citizenId);
      return redirectTo(c, next === "/" ? "/account" : next);
    }
    return respond(c, t.citizen.signinTitle, <SigninForm t={t} values={{ nationalId: form.nationalId ?? "" }} next={next} alert={say(r)} />, r.error === "invalid_credentials" ? 401 : failureStatus(r.error));
  });

  app.post("/signout", async (c) => {
    await endSession(c, "citizen");
    return redirectTo(c, "/");
  });

  app.post("/signout/everywhere", async (c) => {
    const s = c.var.citizenSession;
    if (s) await deleteUserSessions(c.var.deps.db, "citizen", s.userId);
    await endSession(c, "citizen");
    return redirectTo(c, "/signin");
  });

  // --- forgotten password -------------------------------------------------
  app.get("/forgot", (c) => {
    const { t } = tr(c);
    return respond(c, t.citizen.forgotTitle, <ForgotForm t={t} values={{}} errors={{}} />);
  });

  app.post("/forgot", async (c) => {
    const { t, lang, say, fieldTexts } = tr(c);
    const form = await formFields(c);
    const r = await startPasswordReset(identityDeps(c), form, { ip: clientIp(c), lang });
    if (r.ok) return redirectTo(c, `/forgot/verify?c=${encodeURIComponent(r.challengeId)}`);
    return respond(c, t.citizen.forgotTitle, <ForgotForm t={t} values={form} errors={fieldTexts(r)} alert={r.error === "invalid" ? undefined : say(r)} />, failureStatus(r.error));
  });

  const resetForm = codeStep(app, {
    id: "reset-verify",
    base: "/forgot",
    title: (t) => t.citizen.forgotTitle,
    intro: async (c) => tr(c).t.citizen.verifyIntroNeutral,
    withPassword: true,
  });

  app.post("/forgot/verify", async (c) => {
    const { t, say, fieldTexts } = tr(c);
    const form = await formFields(c);
    const r = await completePasswordReset(identityDeps(c), {
      challengeId: form.challengeId ?? "",
      code: (form.code ?? "").trim(),
      password: form.password ?? "",
      passwordConfirm: form.passwordConfirm ?? "",
    });
    if (r.ok) return redirectTo(c, "/signin?reset=1");
    const alert = r.error === "invalid" ? undefined : say(r);
    return respond(c, t.citizen.forgotTitle, await resetForm(c, form.challengeId ?? "", { alert, errors: fieldTexts(r) }), failureStatus(r.error));
  });

  // --- account ------------------------------------------------------------
  app.use("/account/*", requireCitizen);
  app.use("/account", requireCitizen);

  app.get("/account", async (c) => {
    const { t } = tr(c);
    const citizen = (await getCitizen(c.var.deps.db, c.var.citizenSession!.userId))!;
    const notice = c.req.query("welcome") ? t.citizen.welcome : c.req.query("mobile") ? t.citizen.mobileChanged : undefined;
    return respond(
      c,
      t.citizen.accountTitle,
      <AccountPage
        t={t}
        notice={notice}
        data={{
          fullName: [citizen.firstName, citizen.fatherName, citizen.grandfatherName, citizen.familyName].join(" "),
          nationalIdMasked: mask(citizen.nationalId),
          mobileMasked: maskMobile(citizen.mobile),
          email: citizen.email ?? "",
          notifyBy: citizen.notifyBy,
          city: citizen.city,
          address: citizen.address,
        }}
      />,
    );
  });

  app.post("/account", async (c) => {
    const { t, fieldTexts } = tr(c);
    const form = await formFields(c);
    const r = await updateProfile(identityDeps(c), c.var.citizenSession!.userId, form);
    if (r.ok) return respond(c, t.citizen.accountTitle, <ProfileForm t={t} values={form} errors={{}} notice={t.citizen.profileSaved} />);
    return respond(c, t.citizen.accountTitle, <ProfileForm t={t} values={form} errors={fieldTexts(r)} />, 422);
  });

  app.post("/account/mobile", async (c) => {
    const { t, lang, say, fieldTexts } = tr(c);
    const form = await formFields(c);
    const r = await startMobileChange(identityDeps(c), c.var.citizenSession!.userId, form.mobile, { ip: clientIp(c), lang });
    if (r.ok) return redirectTo(c, `/account/mobile/verify?c=${encodeURIComponent(r.challengeId)}`);
    return respond(c, t.citizen.changeMobileTitle, <MobileForm t={t} value={form.mobile} error={fieldTexts(r).mobile} alert={r.error === "invalid" ? undefined : say(r)} />, failureStatus(r.error));
  });

  const mobileCode = codeStep(app, { id: "mobile-verify", base: "/account/mobile", title: (t) => t.citizen.verifyTitle, intro: verifyIntro });

  app.post("/account/mobile/verify", async (c) => {
    const { t, say } = tr(c);
    const form = await formFields(c);
    const r = await completeMobileChange(identityDeps(c), c.var.citizenSession!.userId, form.challengeId ?? "", (form.code ?? "").trim());
    if (r.ok) return redirectTo(c, "/account?mobile=1");
    return respond(c, t.citizen.verifyTitle, await mobileCode(c, form.challengeId ?? "", { alert: say(r) }), failureStatus(r.error));
  });

  app.route("/", complaintRoutes(requireCitizen));
  return app;
}

type StepExtra = { alert?: string; notice?: string; errors?: Record<string, string> };

/**
 * The SMS-code step shared by registration, password reset and mobile change: its
 * page, its resend action, and the form the verify handler re-renders on errors.
 */
function codeStep(
  app: Hono<AppEnv>,
  step: { id: string; base: string; title: (t: Messages) => string; intro: (c: Context<AppEnv>, challengeId: string) => Promise<string>; withPassword?: boolean },
) {
  const form = async (c: Context<AppEnv>, challengeId: string, extra: StepExtra = {}) => (
    <CodeForm
      t={tr(c).t}
      id={step.id}
      action={`${step.base}/verify`}
      resendAction={`${step.base}/resend`}
      intro={await step.intro(c, challengeId)}
      challengeId={challengeId}
      errors={extra.errors ?? {}}
      alert={extra.alert}
      notice={extra.notice}
      withPassword={step.withPassword}
    />
  );
  app.get(`${step.base}/verify`, async (c) => respond(c, step.title(tr(c).t), await form(c, c.req.query("c") ?? "")));
  app.post(`${step.base}/resend`, async (c) => {
    const { t, lang, say } = tr(c);
    const challengeId = (await formFields(c)).challengeId ?? "";
    const r = await resendCode(identityDeps(c), challengeId, lang);
    const extra = r.ok ? { notice: t.citizen.resent } : { alert: say(r) };
    return respond(c, step.title(t), await form(c, challengeId, extra), r.ok ? 200 : failureStatus(r.error));
  });
  return form;
}

async function requireCitizen(c: Context<AppEnv>, next: () => Promise<void>) {
  if (!c.var.citizenSession) {
    const url = new URL(c.req.url);
    return redirectTo(c, `/signin?next=${encodeURIComponent(url.pathname)}`);
  }
  await next();
}
