import { createRouter } from "../../app-env.ts";
import { completePasswordReset, startPasswordReset } from "../../identity/citizens.ts";
import { ForgotForm } from "../../../views/pages/citizen/signin.tsx";
import { redirectTo, respond } from "../respond.tsx";
import { refusalStatus } from "../../refusals.ts";
import { clientIp, endSession } from "../session.ts";
import { codeStep } from "./code-step.tsx";
import { identityDeps, speaker } from "./door.ts";
import { forgotForm, readForm, resetForm } from "./form-input.ts";

// A forgotten password: national number + date of birth, then the SMS code with the
// new password. Whether the details matched an account is never shown: the use
// case answers every well-formed request with a challenge, and the code page never
// names the mobile.

export function passwordResetRoutes() {
  const app = createRouter();

  app.get("/forgot", (c) => {
    const { t } = speaker(c);
    return respond(c, t.citizen.forgotTitle, <ForgotForm t={t} values={{}} errors={{}} />);
  });

  app.post("/forgot", async (c) => {
    const s = speaker(c);
    const input = await readForm(c, forgotForm);
    const r = await startPasswordReset(identityDeps(c), input, { ip: clientIp(c), lang: s.lang });
    if (r.ok) return redirectTo(c, `/forgot/verify?c=${encodeURIComponent(r.challengeId)}`);
    return respond(
      c,
      s.t.citizen.forgotTitle,
      <ForgotForm t={s.t} values={input} errors={s.fields(r)} alert={s.alert(r)} />,
      refusalStatus(r.error),
    );
  });

  const step = codeStep(app, {
    id: "reset-verify",
    base: "/forgot",
    title: (t) => t.citizen.forgotTitle,
    restartHref: "/forgot",
    intro: async (c) => speaker(c).t.citizen.verifyIntroNeutral,
    withPassword: true,
  });

  app.post("/forgot/verify", async (c) => {
    const input = await readForm(c, resetForm);
    const r = await completePasswordReset(identityDeps(c), input);
    if (!r.ok) return step.refuse(c, input.challengeId, r);
    // The use case ended every session of the account; this browser's cookie goes too.
    await endSession(c, "citizen");
    return redirectTo(c, "/signin?reset=1");
  });

  return app;
}
