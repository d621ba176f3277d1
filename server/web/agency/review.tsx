import type { Context } from "hono";
import { createRouter, type AppEnv } from "../../app-env.ts";
import { hasRole } from "../../auth/roles.ts";
import { staffComplaint } from "../../complaints/staff-view.ts";
import {
  agencyFollowups,
  answerFollowup,
  flagTechnicalFault,
  review,
  reviewerReport,
  reviewQueue,
  reviewerCommands,
  type ReviewerAction,
} from "../../reports/reports.ts";
import { errorText } from "../../../views/i18n/errors.ts";
import { refusalStatus, type RefusalStatus } from "../../refusals.ts";
import { messages } from "../../../views/i18n/index.ts";
import { FollowupsPage, ReviewPage, ReviewQueue } from "../../../views/pages/national/review.tsx";
import { langOf } from "../context.ts";
import { dateText } from "../dates.ts";
import { formFields, redirectTo, respond } from "../respond.tsx";
import { requireStaff } from "../staff/guard.ts";
import { agencyCodes } from "./inbox.tsx";

// The national unit's reviewer portal for digital reports, and the agency's side of it:
// the unit's questions, answered from the liaison portal.

async function reviewPage(
  c: Context<AppEnv>,
  reference: string,
  extra: { notice?: string; form?: Parameters<typeof ReviewPage>[0]["form"] } = {},
  status: 200 | RefusalStatus = 200,
) {
  const lang = langOf(c);
  const t = messages(lang);
  const actor = c.var.staff!;
  const r = await reviewerReport(c.var.deps.db, actor, reference);
  if (!r) return c.notFound();
  const complaint = r.complaintRef ? await staffComplaint(c.var.deps.db, actor, r.complaintRef, c.var.deps.clock.now()) : null;
  return respond(
    c,
    r.reference,
    <ReviewPage t={t} lang={lang} r={r} complaint={complaint} dates={dateText(c.var.deps.calendar, lang)} {...extra} />,
    status,
  );
}

export function reviewRoutes() {
  const app = createRouter();
  const requireReviewer = async (c: Context<AppEnv>, next: () => Promise<void>) => {
    if (!c.var.staff) return requireStaff(c, next);
    if (!hasRole(c.var.staff, "reviewer")) return c.notFound();
    await next();
  };
  app.use("/review", requireReviewer);
  app.use("/review/*", requireReviewer);

  app.get("/review", async (c) => {
    const lang = langOf(c);
    const t = messages(lang);
    return respond(
      c,
      t.reports.reviewTitle,
      <ReviewQueue
        t={t}
        rows={await reviewQueue(c.var.deps.db, c.var.staff!)}
        now={c.var.deps.clock.now()}
        dates={dateText(c.var.deps.calendar, lang)}
      />,
    );
  });

  app.get("/review/:reference", async (c) => {
    const t = messages(langOf(c));
    const done = c.req.query("done");
    return reviewPage(c, c.req.param("reference").toUpperCase(), {
      ...(done && Object.hasOwn(t.reports.done, done) ? { notice: t.reports.done[done as keyof typeof t.reports.done] } : {}),
      ...(done === "technical_fault" ? { notice: t.voice.technicalFaultSaved } : {}),
    });
  });

  app.post(`/review/:reference/:action{${Object.keys(reviewerCommands).join("|")}}`, async (c) => {
    const t = messages(langOf(c));
    const reference = c.req.param("reference").toUpperCase();
    const action = c.req.param("action") as ReviewerAction;
    const values = await formFields(c);
    const r = await review(c.var.deps, c.var.staff!, reference, Number(values.version), action, values);
    if (r.ok) return redirectTo(c, `/review/${reference}?done=${action}`);
    if (r.error === "not_found") return c.notFound();
    if (r.error === "invalid") {
      const errors = Object.fromEntries(Object.entries(r.fields).map(([k, code]) => [k, errorText(t, code)]));
      return reviewPage(c, reference, { form: { action, errors, values } }, 422);
    }
    return reviewPage(c, reference, { form: { action, errors: {}, alert: errorText(t, r.error), values } }, refusalStatus(r.error));
  });

  // The reviewer's technical-fault judgement on its own (closed reports included).
  app.post("/review/:reference/technical_fault", async (c) => {
    const t = messages(langOf(c));
    const reference = c.req.param("reference").toUpperCase();
    const values = await formFields(c);
    const r = await flagTechnicalFault(c.var.deps, c.var.staff!, reference, Number(values.version), values);
    if (r.ok) return redirectTo(c, `/review/${reference}?done=technical_fault`);
    if (r.error === "not_found") return c.notFound();
    return reviewPage(c, reference, { notice: errorText(t, r.error) }, refusalStatus(r.error));
  });

  // --- the agency's side -------------------------------------------------------------
  app.get("/agency/followups", requireStaff, async (c) => {
    const lang = langOf(c);
    const t = messages(lang);
    const codes = agencyCodes(c.var.staff!);
    if (!codes.length) return c.notFound();
    const notice = c.req.query("done") === "1" ? t.reports.followupDone : undefined;
    return respond(
      c,
      t.reports.followupsTitle,
      <FollowupsPage
        t={t}
        rows={await agencyFollowups(c.var.deps.db, codes)}
        dates={dateText(c.var.deps.calendar, lang)}
        notice={notice}
      />,
    );
  });

  app.post("/agency/followups/:id{[0-9a-f-]{36}}/answer", requireStaff, async (c) => {
    const lang = langOf(c);
    const t = messages(lang);
    const id = c.req.param("id")!;
    const r = await answerFollowup(c.var.deps, c.var.staff!, id, await formFields(c));
    if (r.ok) return redirectTo(c, "/agency/followups?done=1");
    if (r.error === "not_found") return c.notFound();
    const message = r.error === "invalid" ? errorText(t, Object.values(r.fields)[0] ?? "invalid") : errorText(t, r.error);
    const rows = await agencyFollowups(c.var.deps.db, agencyCodes(c.var.staff!));
    return respond(
      c,
      t.reports.followupsTitle,
      <FollowupsPage t={t} rows={rows} dates={dateText(c.var.deps.calendar, lang)} errors={{ id, message }} />,
      refusalStatus(r.error),
    );
  });
  return app;
}
