import { createRouter } from "../../app-env.ts";
import { deleteUserSessions } from "../../auth/sessions.ts";
import { signIn } from "../../identity/citizens.ts";
import { SigninForm } from "../../../views/pages/citizen/signin.tsx";
import { safeNext } from "../language.ts";
import { redirectTo, respond } from "../respond.tsx";
import { refusalStatus } from "../../refusals.ts";
import { clientIp, endSession, startSession } from "../session.ts";
import { identityDeps, speaker } from "./door.ts";
import { readForm, signinForm } from "./form-input.ts";

/** Where a sign-in lands: the page that asked for it, else the account (never another site). */
const landing = (next: string | undefined) => {
  const safe = safeNext(next);
  return safe === "/" ? "/account" : safe;
};

export function signinRoutes() {
  const app = createRouter();

  app.get("/signin", (c) => {
    const next = c.req.query("next");
    if (c.var.citizenSession) return redirectTo(c, landing(next));
    const { t } = speaker(c);
    const notice = c.req.query("reset")
      ? t.citizen.resetDone
      : c.req.query("signedout") === "everywhere"
        ? t.citizen.signedOutEverywhere
        : undefined;
    return respond(c, t.citizen.signinTitle, <SigninForm t={t} values={{}} next={safeNext(next)} notice={notice} />);
  });

  app.post("/signin", async (c) => {
    const s = speaker(c);
    const next = c.req.query("next");
    const input = await readForm(c, signinForm);
    const r = await signIn(identityDeps(c), input, { ip: clientIp(c) });
    if (r.ok) {
      await startSession(c, "citizen", r.citizenId);
      return redirectTo(c, landing(next));
    }
    // One message for an unknown number and a wrong password; throttling says when to retry.
    return respond(
      c,
      s.t.citizen.signinTitle,
      <SigninForm t={s.t} values={{ nationalId: input.nationalId }} next={safeNext(next)} alert={s.failure(r)} />,
      refusalStatus(r.error),
    );
  });

  app.post("/signout", async (c) => {
    await endSession(c, "citizen");
    return redirectTo(c, "/");
  });

  // For a lost phone or a shared computer: every device the citizen signed in on.
  app.post("/signout/everywhere", async (c) => {
    const session = c.var.citizenSession;
    if (session) await deleteUserSessions(c.var.deps.db, "citizen", session.userId);
    await endSession(c, "citizen");
    return redirectTo(c, "/signin?signedout=everywhere");
  });

  return app;
}
