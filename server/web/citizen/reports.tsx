import { randomUUID } from "node:crypto";
import type { Context } from "hono";
import { createRouter, type AppEnv } from "../../app-env.ts";
import { citizenComplaints } from "../../complaints/queries.ts";
import { citizenReport, citizenReports, fileReport, rateReport } from "../../reports/reports.ts";
import { errorText } from "../../../views/i18n/errors.ts";
import { refusalStatus } from "../../refusals.ts";
import { messages } from "../../../views/i18n/index.ts";
import { MyReports, NewReportForm, ReportPage } from "../../../views/pages/citizen/reports.tsx";
import { langOf } from "../context.ts";
import { dateText } from "../dates.ts";
import { formOptions } from "../options.ts";
import { formFields, redirectTo, respond } from "../respond.tsx";

// The citizen's digital reports: file (an escalation pre-filled from a complaint, or a
// suggestion about a service), follow, read the answer and rate it.

async function form(
  c: Context<AppEnv>,
  values: Record<string, string>,
  errors: Record<string, string>,
  alert?: string,
  status: 200 | 422 = 200,
) {
  const t = messages(langOf(c));
  const [mine, o] = await Promise.all([citizenComplaints(c.var.deps.db, c.var.citizenSession!.userId), formOptions(c)]);
  const complaints = mine.map((x) => ({ value: x.reference, label: `${x.reference}${x.title ? ` — ${x.title}` : ""}` }));
  return respond(
    c,
    t.reports.newTitle,
    <NewReportForm
      t={t}
      complaints={complaints}
      services={o.services}
      values={values}
      errors={errors}
      alert={alert}
      clientKey={values.clientKey || randomUUID()}
    />,
    status,
  );
}

export function reportRoutes(requireCitizen: (c: Context<AppEnv>, next: () => Promise<void>) => Promise<Response | void>) {
  const app = createRouter();
  app.use("/reports", requireCitizen);
  app.use("/reports/*", requireCitizen);

  app.get("/reports", async (c) => {
    const lang = langOf(c);
    const t = messages(lang);
    return respond(
      c,
      t.reports.myReports,
      <MyReports
        t={t}
        rows={await citizenReports(c.var.deps.db, c.var.citizenSession!.userId)}
        dates={dateText(c.var.deps.calendar, lang)}
      />,
    );
  });

  app.get("/reports/new", async (c) => {
    const complaint = (c.req.query("complaint") ?? "").toUpperCase();
    return form(c, complaint ? { type: "escalation", complaint } : { type: c.req.query("type") ?? "escalation" }, {});
  });

  app.post("/reports", async (c) => {
    const lang = langOf(c);
    const t = messages(lang);
    const values = await formFields(c);
    const r = await fileReport(c.var.deps, c.var.citizenSession!.userId, values);
    if (r.ok) return redirectTo(c, `/reports/${r.reference}?filed=1`);
    if (r.error === "ineligible") {
      const reason = t.reports.ineligible[r.reason as keyof typeof t.reports.ineligible] ?? t.errors.invalid;
      const when = r.eligibleFrom ? ` ${t.reports.eligibleFrom(dateText(c.var.deps.calendar, lang).deadline(r.eligibleFrom))}` : "";
      return form(c, values, { complaint: reason + when }, undefined, 422);
    }
    const errors = Object.fromEntries(Object.entries(r.fields).map(([k, code]) => [k, errorText(t, code)]));
    return form(c, values, errors, undefined, 422);
  });

  app.get("/reports/:reference", async (c) => {
    const lang = langOf(c);
    const t = messages(lang);
    const r = await citizenReport(c.var.deps.db, c.var.citizenSession!.userId, c.req.param("reference").toUpperCase());
    if (!r) return c.notFound();
    const notice = c.req.query("rated") === "1" ? t.reports.rated : undefined;
    return respond(
      c,
      r.reference,
      <ReportPage
        t={t}
        lang={lang}
        r={r}
        dates={dateText(c.var.deps.calendar, lang)}
        justFiled={c.req.query("filed") === "1"}
        notice={notice}
      />,
    );
  });

  app.post("/reports/:reference/rate", async (c) => {
    const lang = langOf(c);
    const t = messages(lang);
    const reference = c.req.param("reference").toUpperCase();
    const citizenId = c.var.citizenSession!.userId;
    const res = await rateReport(c.var.deps.db, citizenId, reference, await formFields(c), c.var.deps.clock.now());
    if (res.ok) return redirectTo(c, `/reports/${reference}?rated=1`);
    const r = await citizenReport(c.var.deps.db, citizenId, reference);
    if (!r) return c.notFound();
    const errors =
      res.error === "invalid" ? Object.fromEntries(Object.entries(res.fields).map(([k, code]) => [k, errorText(t, code)])) : {};
    return respond(
      c,
      r.reference,
      <ReportPage
        t={t}
        lang={lang}
        r={r}
        dates={dateText(c.var.deps.calendar, lang)}
        justFiled={false}
        errors={errors}
        alert={res.error === "invalid" ? undefined : errorText(t, res.error)}
      />,
      refusalStatus(res.error),
    );
  });
  return app;
}
