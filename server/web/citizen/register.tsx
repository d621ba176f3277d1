import { createRouter } from "../../app-env.ts";
import { completeRegistration, startRegistration } from "../../identity/citizens.ts";
import { maskMobile } from "../../identity/fields.ts";
import { RegisterForm } from "../../../views/pages/citizen/register.tsx";
import { formFields, redirectTo, respond } from "../respond.tsx";
import { refusalStatus } from "../../refusals.ts";
import { clientIp, startSession } from "../session.ts";
import { mobileToShow } from "../../identity/store.ts";
import { codeStep } from "./code-step.tsx";
import { identityDeps, speaker } from "./door.ts";
import { codeForm, echo, readForm } from "./form-input.ts";

// Registration: the form (checked against the civil registry by the use case), then
// the SMS code that confirms the mobile and creates the account.

export function registerRoutes() {
  const app = createRouter();

  app.get("/register", (c) => {
    if (c.var.citizenSession) return redirectTo(c, "/account");
    const { t } = speaker(c);
    return respond(c, t.citizen.registerTitle, <RegisterForm t={t} values={{}} errors={{}} />);
  });

  app.post("/register", async (c) => {
    const s = speaker(c);
    // Sent whole: registrationSchema in the use case is the one validation of these fields.
    const form = await formFields(c);
    const r = await startRegistration(identityDeps(c), form, { ip: clientIp(c), lang: s.lang });
    if (r.ok) return redirectTo(c, `/register/verify?c=${encodeURIComponent(r.challengeId)}`);
    return respond(
      c,
      s.t.citizen.registerTitle,
      <RegisterForm t={s.t} values={echo(form)} errors={s.fields(r)} alert={s.alert(r)} />,
      refusalStatus(r.error),
    );
  });

  const step = codeStep(app, {
    id: "register-verify",
    base: "/register",
    title: (t) => t.citizen.verifyTitle,
    restartHref: "/register",
    intro: async (c, challengeId) => {
      const { t } = speaker(c);
      const mobile = await mobileToShow(c.var.deps.db, challengeId, { purpose: "register" });
      return mobile ? t.citizen.verifyIntro(maskMobile(mobile)) : t.citizen.verifyIntroNeutral;
    },
  });

  app.post("/register/verify", async (c) => {
    const input = await readForm(c, codeForm);
    const r = await completeRegistration(identityDeps(c), input.challengeId, input.code);
    if (!r.ok) return step.refuse(c, input.challengeId, r);
    await startSession(c, "citizen", r.citizenId);
    return redirectTo(c, "/account?welcome=1");
  });

  return app;
}
