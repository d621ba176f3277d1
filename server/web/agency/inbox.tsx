import type { Context } from "hono";
import { createRouter, readDb, type AppEnv } from "../../app-env.ts";
import { hasRole, type StaffActor } from "../../auth/roles.ts";
import { addWorkingDays, startOfLocalDay } from "../../calendar/index.ts";
import { addDays } from "../../calendar/zone.ts";
import { inboxCounts, inboxPage, inboxQuerySchema, workload, type InboxQuery, type InboxWindow } from "../../complaints/inbox.ts";
import { fieldErrors } from "../../fields.ts";
import { errorText } from "../../../views/i18n/errors.ts";
import { messages } from "../../../views/i18n/index.ts";
import { InboxPage, InboxResults, WorkloadPage } from "../../../views/pages/agency/inbox.tsx";
import { langOf } from "../context.ts";
import { dateText } from "../dates.ts";
import { agencyNamer, formOptions } from "../options.ts";
import { isHtmx, respond } from "../respond.tsx";
import { requireStaff } from "../staff/guard.ts";
import { mostOverdue, slaOverview } from "../../sla/overview.ts";
import { agencyFollowups } from "../../reports/reports.ts";
import { markInboxSeen } from "../../complaints/new-work.ts";

/** The agencies whose complaints this person works on, as liaison or supervisor. */
export function agencyCodes(actor: StaffActor): string[] {
  return [
    ...new Set(
      actor.roles.filter((g) => (g.role === "liaison" || g.role === "agency_supervisor") && g.agencyCode).map((g) => g.agencyCode!),
    ),
  ].sort();
}

async function agencyNames(c: Context<AppEnv>, codes: string[]) {
  const name = await agencyNamer(c);
  return codes.map((code) => ({ code, name: name(code) }));
}

function window(c: Context<AppEnv>, agencyCode: string, q: InboxQuery): InboxWindow {
  const cal = c.var.deps.calendar;
  const now = c.var.deps.clock.now();
  return {
    agencyCode,
    staffId: c.var.staff!.id,
    now,
    // "Due soon": before the end of the next working day.
    soon: addWorkingDays(cal, now, 1),
    ...(q.from ? { fromAt: startOfLocalDay(cal, q.from) } : {}),
    ...(q.to ? { toAt: startOfLocalDay(cal, addDays(q.to, 1)) } : {}),
  };
}

export function inboxRoutes() {
  const app = createRouter();
  app.use("/agency", requireStaff);
  app.use("/agency/*", requireStaff);

  app.get("/agency", async (c) => {
    const lang = langOf(c);
    const t = messages(lang);
    const actor = c.var.staff!;
    const codes = agencyCodes(actor);
    if (!codes.length) return c.notFound();
    const wanted = c.req.query("agency");
    const agencyCode = wanted && codes.includes(wanted) ? wanted : codes[0]!;
    const parsed = inboxQuerySchema.safeParse(c.req.query());
    const errors = parsed.success
      ? {}
      : Object.fromEntries(Object.entries(fieldErrors(parsed.error)).map(([k, code]) => [k, errorText(t, code)]));
    // A bad filter is reported next to its field; the inbox still shows, unfiltered.
    const q = parsed.success ? parsed.data : inboxQuerySchema.parse({ tab: c.req.query("tab") === undefined ? undefined : "routed" });
    const w = window(c, agencyCode, q);
    const [page, counts, options, names, questions] = await Promise.all([
      inboxPage(readDb(c.var.deps), q, w),
      inboxCounts(readDb(c.var.deps), q, w),
      formOptions(c),
      agencyNames(c, codes),
      agencyFollowups(readDb(c.var.deps), [agencyCode]),
    ]);
    const props = {
      t,
      lang,
      agency: names.find((a) => a.code === agencyCode)!,
      agencies: names,
      query: q,
      counts,
      rows: page.rows,
      next: page.next,
      services: options.services.flatMap((g) =>
        g.services.filter((s) => s.value.startsWith(`${agencyCode}/`)).map((s) => ({ value: s.value.split("/")[1]!, label: s.label })),
      ),
      cities: options.cities,
      dates: dateText(c.var.deps.calendar, lang),
      now: w.now,
      soon: w.soon,
      supervisor: hasRole(actor, "agency_supervisor", agencyCode),
      followups: questions.length,
      errors,
    };
    const status = parsed.success ? 200 : 422;
    // Opening the inbox is seeing what arrived: the header's count starts again from now.
    if (!isHtmx(c) && hasRole(actor, "liaison", agencyCode)) await markInboxSeen(c.var.deps.db, actor.id, w.now);
    // Tabs and pages swap only the results; the filter form swaps them too.
    if (isHtmx(c) && (c.req.header("hx-target") ?? "").endsWith("#inbox")) return c.html(<InboxResults {...props} />, status);
    return respond(c, t.agency.inboxTitle(props.agency.name), <InboxPage {...props} />, status);
  });

  app.get("/agency/workload", async (c) => {
    const lang = langOf(c);
    const t = messages(lang);
    const actor = c.var.staff!;
    const codes = agencyCodes(actor).filter((code) => hasRole(actor, "agency_supervisor", code));
    const wanted = c.req.query("agency");
    const agencyCode = wanted && codes.includes(wanted) ? wanted : codes[0];
    if (!agencyCode) return c.notFound();
    const q = inboxQuerySchema.parse({ tab: "overdue" });
    const w = window(c, agencyCode, q);
    const [rows, overdue, names, sla] = await Promise.all([
      workload(readDb(c.var.deps), agencyCode, w.now),
      mostOverdue(readDb(c.var.deps), w.now, agencyCode),
      agencyNames(c, [agencyCode]),
      slaOverview(readDb(c.var.deps), w.now, w.soon, agencyCode),
    ]);
    return respond(
      c,
      t.agency.workloadTitle(names[0]!.name),
      <WorkloadPage
        t={t}
        lang={lang}
        agency={names[0]!}
        rows={rows}
        overdue={overdue}
        sla={sla}
        dates={dateText(c.var.deps.calendar, lang)}
      />,
    );
  });
  return app;
}
