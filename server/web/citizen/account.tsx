import type { Context } from "hono";
import { createRouter, type AppEnv } from "../../app-env.ts";
import { completeMobileChange, getCitizen, startMobileChange, updateProfile } from "../../identity/citizens.ts";
import { maskMobile } from "../../identity/fields.ts";
import { AccountPage, type FormState } from "../../../views/pages/citizen/account.tsx";
import { formFields, redirectTo, respond } from "../respond.tsx";
import { refusalStatus, type RefusalStatus } from "../../refusals.ts";
import { clientIp, endSession } from "../session.ts";
import { mobileToShow } from "../../identity/store.ts";
import { codeStep } from "./code-step.tsx";
import { identityDeps, speaker } from "./door.ts";
import { codeForm, echo, mobileForm, readForm } from "./form-input.ts";
import { citizenId, requireCitizen } from "./guard.ts";
import { citizenComplaints } from "../../complaints/queries.ts";

/** Only the last four digits: enough to recognise one's own number on a shared screen. */
export function maskNationalId(id: string): string {
  return `${"•".repeat(Math.max(0, id.length - 4))}${id.slice(-4)}`;
}

/**
 * The account page, with the posted form's state when there is one. Both htmx and a
 * plain post get the whole account section, so the summary shows what was saved.
 */
async function accountPage(
  c: Context<AppEnv>,
  view: { notice?: string; welcome?: boolean; profile?: Partial<FormState>; mobile?: FormState },
  status: 200 | RefusalStatus = 200,
) {
  const { t } = speaker(c);
  const citizen = await getCitizen(c.var.deps.db, citizenId(c));
  if (!citizen) {
    // A session whose account is gone is worthless.
    await endSession(c, "citizen");
    return redirectTo(c, "/signin");
  }
  const saved = { email: citizen.email ?? "", notifyBy: citizen.notifyBy, city: citizen.city, address: citizen.address };
  return respond(
    c,
    t.citizen.accountTitle,
    <AccountPage
      t={t}
      notice={view.notice}
      next={view.welcome ? { linked: (await citizenComplaints(c.var.deps.db, citizen.id, 100)).length } : undefined}
      data={{
        ...saved,
        fullName: [citizen.firstName, citizen.fatherName, citizen.grandfatherName, citizen.familyName].join(" "),
        nationalIdMasked: maskNationalId(citizen.nationalId),
        mobileMasked: maskMobile(citizen.mobile),
      }}
      profile={
        view.profile && {
          values: view.profile.values ?? saved,
          errors: view.profile.errors ?? {},
          notice: view.profile.notice,
          alert: view.profile.alert,
        }
      }
      mobile={view.mobile}
    />,
    status,
  );
}

export function accountRoutes() {
  const app = createRouter();
  app.use("/account", requireCitizen);
  app.use("/account/*", requireCitizen);

  app.get("/account", (c) => {
    const { t } = speaker(c);
    const welcome = !!c.req.query("welcome");
    const notice = welcome ? t.citizen.welcome : c.req.query("mobile") ? t.citizen.mobileChanged : undefined;
    // Straight after registering, the page leads with what to do next (issue 11: no
    // dead end), and names the requests staff had registered for this national number.
    return accountPage(c, { ...(notice ? { notice } : {}), welcome });
  });

  app.post("/account", async (c) => {
    const s = speaker(c);
    // Sent whole: profileSchema in the use case validates email, channel, city and address.
    const form = await formFields(c);
    const r = await updateProfile(identityDeps(c), citizenId(c), form);
    if (r.ok) return accountPage(c, { profile: { notice: s.t.citizen.profileSaved } });
    return accountPage(c, { profile: { values: echo(form), errors: s.fields(r), alert: s.alert(r) } }, refusalStatus(r.error));
  });

  app.post("/account/mobile", async (c) => {
    const s = speaker(c);
    const input = await readForm(c, mobileForm);
    const r = await startMobileChange(identityDeps(c), citizenId(c), input.mobile, { ip: clientIp(c), lang: s.lang });
    if (r.ok) return redirectTo(c, `/account/mobile/verify?c=${encodeURIComponent(r.challengeId)}`);
    return accountPage(c, { mobile: { values: input, errors: s.fields(r), alert: s.alert(r) } }, refusalStatus(r.error));
  });

  const step = codeStep(app, {
    id: "mobile-verify",
    base: "/account/mobile",
    title: (t) => t.citizen.changeMobileTitle,
    restartHref: "/account",
    intro: async (c, challengeId) => {
      const { t } = speaker(c);
      const mobile = await mobileToShow(c.var.deps.db, challengeId, { purpose: "change_mobile", citizenId: citizenId(c) });
      return mobile ? t.citizen.verifyIntro(maskMobile(mobile)) : t.citizen.verifyIntroNeutral;
    },
  });

  app.post("/account/mobile/verify", async (c) => {
    const input = await readForm(c, codeForm);
    const r = await completeMobileChange(identityDeps(c), citizenId(c), input.challengeId, input.code);
    if (!r.ok) return step.refuse(c, input.challengeId, r);
    return redirectTo(c, "/account?mobile=1");
  });

  return app;
}
