import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createRouter, type AppEnv } from "../app-env.ts";
import { createSession, deleteSession, SESSION_COOKIES, SESSION_POLICIES, validateSession } from "../auth/sessions.ts";
import { completeTracking, startTracking, trackedComplaint } from "../complaints/track.ts";
import { TrackedView, TrackForm } from "../../views/pages/citizen/track.tsx";
import { dateText } from "./dates.ts";
import { formFields, redirectTo, respond } from "./respond.tsx";
import { refusalStatus } from "../refusals.ts";
import { clientIp } from "./session.ts";
import { codeStep } from "./citizen/code-step.tsx";
import { speaker } from "./citizen/door.ts";
import { codeForm, readForm } from "./citizen/form-input.ts";

// Following a complaint without an account (server/complaints/track.ts):
//
//   GET  /track   POST /track                      reference + the mobile it was filed with
//   GET  /track/verify?c=  POST /track/verify  POST /track/resend   the SMS code
//   GET  /track/view                               the complaint, read only
//   POST /track/end                                forget this browser's tracking session
//
// The code opens a session of its own realm ("track") whose user is the complaint: it
// is no citizen sign-in, opens nothing else, and its cookie is sent only under /track.

const COOKIE = SESSION_COOKIES.track;
const PATH = "/track";

async function trackSession(c: Context<AppEnv>) {
  return validateSession(c.var.deps.db, "track", getCookie(c, COOKIE), c.var.deps.clock.now());
}

export function trackRoutes() {
  const app = createRouter();

  app.get("/track", (c) => {
    const { t } = speaker(c);
    const notice = c.req.query("expired") ? t.track.expired : undefined;
    return respond(c, t.track.title, <TrackForm t={t} values={{ reference: c.req.query("ref") ?? "" }} errors={{}} notice={notice} />);
  });

  app.post("/track", async (c) => {
    const s = speaker(c);
    const form = await formFields(c);
    const values = { reference: form.reference ?? "", mobile: form.mobile ?? "" };
    const r = await startTracking(c.var.deps, values, { ip: clientIp(c), lang: s.lang });
    if (r.ok) return redirectTo(c, `/track/verify?c=${encodeURIComponent(r.challengeId)}`);
    return respond(
      c,
      s.t.track.title,
      <TrackForm t={s.t} values={values} errors={s.fields(r)} alert={s.alert(r)} />,
      refusalStatus(r.error),
    );
  });

  const step = codeStep(app, {
    id: "track-verify",
    base: "/track",
    title: (t) => t.track.codeTitle,
    restartHref: "/track",
    // Never names the number: it would tell whether the reference and number matched.
    intro: async (c) => speaker(c).t.track.codeIntro,
  });

  app.post("/track/verify", async (c) => {
    const input = await readForm(c, codeForm);
    const r = await completeTracking(c.var.deps, input.challengeId, input.code);
    if (!r.ok) return step.refuse(c, input.challengeId, r);
    const previous = await trackSession(c);
    if (previous) await deleteSession(c.var.deps.db, previous.id);
    const { token } = await createSession(c.var.deps.db, "track", r.complaintId, c.var.deps.clock.now());
    setCookie(c, COOKIE, token, {
      path: PATH,
      httpOnly: true,
      secure: c.var.deps.secureCookies,
      sameSite: "Lax",
      maxAge: Math.floor(SESSION_POLICIES.track.absoluteMs / 1000),
    });
    return redirectTo(c, "/track/view");
  });

  app.get("/track/view", async (c) => {
    const session = await trackSession(c);
    if (!session) {
      deleteCookie(c, COOKIE, { path: PATH });
      return redirectTo(c, "/track?expired=1");
    }
    const view = await trackedComplaint(c.var.deps.db, session.userId);
    if (!view) return c.notFound();
    const s = speaker(c);
    return respond(
      c,
      `${s.t.track.viewTitle} ${view.reference}`,
      <TrackedView t={s.t} lang={s.lang} c={view} dates={dateText(c.var.deps.calendar, s.lang)} />,
    );
  });

  app.post("/track/end", async (c) => {
    const session = await trackSession(c);
    if (session) await deleteSession(c.var.deps.db, session.id);
    deleteCookie(c, COOKIE, { path: PATH });
    return redirectTo(c, "/track");
  });

  return app;
}
