import type { Context } from "hono";
import { createRouter, type AppEnv } from "../app-env.ts";
import { complaintScope, hasRole } from "../auth/roles.ts";
import { holidaysFromPackage, IcsParseError, localDate, parseIcsHolidays, type Holiday } from "../calendar/index.ts";
import { calendarFor, clockText, parseWorkingHours, weekendNames } from "../calendar/book.ts";
import {
  agencyCalendar,
  holidayYears,
  ownCalendars,
  recentAudit,
  removeHoliday,
  saveAgencyCalendar,
  saveHolidays,
  storedHolidays,
} from "../calendar/holiday-store.ts";
import { beyondAgencyQueue } from "../complaints/page-queries.ts";
import { directoryNames, inLang } from "../directory/names.ts";
import { agencyCalendarSchema, agencySchema } from "../directory/schema.ts";
import { agencyBasis, exportAgency, exportCities, saveAgency, saveAgencyJson, saveCitiesJson } from "../directory/admin-store.ts";
import { agencyFormValues, agencyFromForm, formProblems, type FieldProblem, type FormFields } from "../directory/agency-form.ts";
import { auditDiff } from "../directory/audit-diff.ts";
import { beyondReason } from "../sla/rules.ts";
import { messages, type Lang } from "../../views/i18n/index.ts";
import {
  AgencyCalendarPage,
  BeyondAgencyPage,
  DirectoryPage,
  HolidaysPage,
  JsonEditPage,
  type HolidayRow,
  type ScopeOption,
} from "../../views/pages/admin/calendars.tsx";
import { AgencyFormPage } from "../../views/pages/admin/directory.tsx";
import { langOf } from "./context.ts";
import { formFields, respond } from "./respond.tsx";
import { dateText } from "./dates.ts";
import { requireStaff } from "./staff/guard.ts";

// The national unit's "beyond the agency" queue (issue 14 §4) and the admin pages for
// calendars, holidays and the directory (issue 17 §4). Every change is audited and
// bumps a version every instance checks per request, so it applies without a restart.

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const ICS_MAX_BYTES = 1024 * 1024;

const tr = (c: Context<AppEnv>) => {
  const lang = langOf(c);
  return { lang, t: messages(lang) };
};

// Non-admins get the same 404 as a missing page, as in the rest of the admin portal.
async function requireAdmin(c: Context<AppEnv>, next: () => Promise<void>) {
  if (!c.var.staff || !hasRole(c.var.staff, "admin")) return c.notFound();
  await next();
}

const isNational = (c: Context<AppEnv>) => !!c.var.staff && complaintScope(c.var.staff).kind === "all";

async function scopeOptions(c: Context<AppEnv>, lang: Lang): Promise<ScopeOption[]> {
  const t = messages(lang).admin;
  const hub = c.var.deps.calendar.country;
  const rows = (await directoryNames(c.var.deps.db)).agencies.filter((a) => a.active);
  const countries = new Set<string>([hub]);
  for (const r of rows) countries.add(calendarFor(c.var.deps, r.code).country);
  return [
    { value: "", label: t.scopeHub(hub) },
    ...[...countries].filter((x) => x !== hub).map((x) => ({ value: `country:${x}`, label: t.scopeCountry(x) })),
    ...rows.map((r) => ({ value: `agency:${r.code}`, label: t.scopeAgency(r.code, inLang(r, lang)) })),
  ];
}

/** The country whose rules a scope's calendar carries. */
function scopeCountry(c: Context<AppEnv>, scope: string): string {
  if (scope.startsWith("country:")) return scope.slice(8);
  if (scope.startsWith("agency:")) return calendarFor(c.var.deps, scope.slice(7)).country;
  return c.var.deps.calendar.country;
}

async function holidaysPage(
  c: Context<AppEnv>,
  extra: { scope?: string; year?: number; notice?: string; alert?: string; preview?: { dates: HolidayRow[]; ics: string } } = {},
  status: 200 | 409 | 422 = 200,
) {
  const { t, lang } = tr(c);
  const scopes = await scopeOptions(c, lang);
  const scope = extra.scope ?? c.req.query("scope") ?? "";
  if (!scopes.some((s) => s.value === scope)) return c.notFound();
  const now = c.var.deps.clock.now();
  const qYear = Number(c.req.query("year"));
  const year =
    extra.year ??
    (Number.isInteger(qYear) && qYear >= 1900 && qYear <= 2200 ? qYear : Number(localDate(c.var.deps.calendar, now).slice(0, 4)));
  const name = (h: Holiday) => (lang === "ar" ? (h.nameAr ?? h.nameEn) : (h.nameEn ?? h.nameAr)) ?? "";
  const own = (await storedHolidays(c.var.deps.db, scope)).filter((h) => h.date.startsWith(`${year}-`));
  const rows: HolidayRow[] = [
    ...holidaysFromPackage(scopeCountry(c, scope), [year]).map((h) => ({ date: h.date, name: name(h), source: "package" as const })),
    ...own.map((h) => ({ date: h.date, name: name(h), source: h.source })),
  ].sort((a, b) => a.date.localeCompare(b.date));
  const [names, withOwn] = await Promise.all([directoryNames(c.var.deps.db), ownCalendars(c.var.deps.db)]);
  const calendars = names.agencies
    .filter((a) => a.active)
    .map((a) => {
      const cal = calendarFor(c.var.deps, a.code);
      return {
        code: a.code,
        name: inLang(a, lang),
        country: cal.country,
        timeZone: cal.timeZone,
        weekend: weekendNames(cal.weekend).join(","),
        hours: `${clockText(cal.workingHours.start)}-${clockText(cal.workingHours.end)}`,
        own: withOwn.has(a.code),
      };
    });
  return respond(
    c,
    t.admin.holidaysTitle,
    <HolidaysPage
      t={t}
      lang={lang}
      scopes={scopes}
      scope={scope}
      year={year}
      holidays={rows}
      calendars={calendars}
      notice={extra.notice}
      alert={extra.alert}
      preview={extra.preview}
    />,
    status,
  );
}

export function calendarAdminRoutes() {
  const app = createRouter();

  app.get("/national/beyond", requireStaff, async (c) => {
    if (!isNational(c)) return c.notFound();
    const { t, lang } = tr(c);
    const [rows, names] = await Promise.all([beyondAgencyQueue(c.var.deps.db), directoryNames(c.var.deps.db)]);
    const agencyName = (code: string | null) => {
      const a = code ? names.agency(code) : null;
      return a ? inLang(a, lang) : (code ?? "");
    };
    const list = rows.map((r) => ({
      reference: r.reference,
      agencyCode: r.agencyCode,
      agencyName: agencyName(r.agencyCode),
      subject: r.title ?? r.text.slice(0, 80),
      reason: beyondReason(r.key ?? ""),
      since: r.since,
    }));
    return respond(c, t.beyond.title, <BeyondAgencyPage t={t} rows={list} dates={dateText(c.var.deps.calendar, lang)} />);
  });

  app.use("/admin/holidays", requireAdmin);
  app.use("/admin/holidays/*", requireAdmin);
  app.use("/admin/calendars/*", requireAdmin);
  app.use("/admin/directory", requireAdmin);
  app.use("/admin/directory/*", requireAdmin);
  app.use("/admin/cities", requireAdmin);

  app.get("/admin/holidays", (c) => holidaysPage(c));

  app.post("/admin/holidays", async (c) => {
    const { t } = tr(c);
    const f = await formFields(c);
    const scope = f.scope ?? "";
    if (!f.date || !DATE.test(f.date) || new Date(`${f.date}T00:00:00Z`).toISOString().slice(0, 10) !== f.date)
      return holidaysPage(c, { scope, alert: t.errors.invalid }, 422);
    const scopes = await scopeOptions(c, langOf(c));
    if (!scopes.some((s) => s.value === scope)) return holidaysPage(c, { alert: t.errors.invalid }, 422);
    await saveHolidays(
      c.var.deps.db,
      [
        {
          date: f.date,
          source: "manual",
          ...(f.nameAr?.trim() ? { nameAr: f.nameAr.trim() } : {}),
          ...(f.nameEn?.trim() ? { nameEn: f.nameEn.trim() } : {}),
        },
      ],
      "manual",
      { scope, now: c.var.deps.clock.now(), actorId: c.var.staff!.id },
    );
    await c.var.deps.calendars?.refresh?.();
    return holidaysPage(c, { scope, year: Number(f.date.slice(0, 4)), notice: t.admin.added(f.date) });
  });

  app.post("/admin/holidays/remove", async (c) => {
    const { t } = tr(c);
    const f = await formFields(c);
    const scope = f.scope ?? "";
    const source = f.source === "ics" ? "ics" : "manual";
    if (!f.date || !DATE.test(f.date)) return holidaysPage(c, { scope, alert: t.errors.invalid }, 422);
    const ok = await removeHoliday(c.var.deps.db, f.date, source, { scope, now: c.var.deps.clock.now(), actorId: c.var.staff!.id });
    await c.var.deps.calendars?.refresh?.();
    return ok
      ? holidaysPage(c, { scope, year: Number(f.date.slice(0, 4)), notice: t.admin.removed(f.date) })
      : holidaysPage(c, { scope, alert: t.admin.notFound }, 409);
  });

  // The upload previews what will be added; the confirmation posts the same text back.
  const icsDays = async (c: Context<AppEnv>, scope: string, text: string): Promise<HolidayRow[]> => {
    const years = holidayYears(c.var.deps.clock.now());
    const have = new Set((await storedHolidays(c.var.deps.db, scope)).filter((h) => h.source === "ics").map((h) => h.date));
    return parseIcsHolidays(text, { years })
      .filter((h) => !have.has(h.date))
      .map((h) => ({ date: h.date, name: h.nameAr ?? h.nameEn ?? "", source: "ics" as const }));
  };

  app.post("/admin/holidays/ics", async (c) => {
    const { t } = tr(c);
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const scope = typeof body.scope === "string" ? body.scope : "";
    const file = body.file;
    if (!(file instanceof File) || file.size === 0) return holidaysPage(c, { scope, alert: t.admin.icsMissing }, 422);
    if (file.size > ICS_MAX_BYTES) return holidaysPage(c, { scope, alert: t.admin.icsInvalid("> 1 MB") }, 422);
    const text = await file.text();
    try {
      return holidaysPage(c, { scope, preview: { dates: await icsDays(c, scope, text), ics: text } });
    } catch (e) {
      if (e instanceof IcsParseError) return holidaysPage(c, { scope, alert: t.admin.icsInvalid(e.message) }, 422);
      throw e;
    }
  });

  app.post("/admin/holidays/ics/confirm", async (c) => {
    const { t } = tr(c);
    const f = await formFields(c);
    const scope = f.scope ?? "";
    try {
      const days = parseIcsHolidays(f.ics ?? "", { years: holidayYears(c.var.deps.clock.now()) });
      const n = await saveHolidays(c.var.deps.db, days, "ics", { scope, now: c.var.deps.clock.now(), actorId: c.var.staff!.id });
      await c.var.deps.calendars?.refresh?.();
      return holidaysPage(c, { scope, notice: t.admin.icsImported(n) });
    } catch (e) {
      if (e instanceof IcsParseError) return holidaysPage(c, { scope, alert: t.admin.icsInvalid(e.message) }, 422);
      throw e;
    }
  });

  const calendarValues = (c: Context<AppEnv>, code: string) => {
    const cal = calendarFor(c.var.deps, code);
    return {
      country: cal.country,
      timeZone: cal.timeZone,
      weekend: weekendNames(cal.weekend).join(","),
      hours: `${clockText(cal.workingHours.start)}-${clockText(cal.workingHours.end)}`,
    };
  };

  app.get("/admin/calendars/:code{[A-Z][A-Z0-9_]{1,31}}", async (c) => {
    const { t } = tr(c);
    const code = c.req.param("code");
    if (!(await agencyCalendar(c.var.deps.db, code))) return c.notFound();
    return respond(c, t.admin.calendarTitle(code), <AgencyCalendarPage t={t} code={code} values={calendarValues(c, code)} />);
  });

  app.post("/admin/calendars/:code{[A-Z][A-Z0-9_]{1,31}}", async (c) => {
    const { t } = tr(c);
    const code = c.req.param("code");
    const a = await agencyCalendar(c.var.deps.db, code);
    if (!a) return c.notFound();
    const f = await formFields(c);
    const values = {
      country: (f.country ?? "").trim().toUpperCase(),
      timeZone: (f.timeZone ?? "").trim(),
      weekend: (f.weekend ?? "").trim().toLowerCase(),
      hours: (f.hours ?? "").trim(),
    };
    const hours = parseWorkingHours(values.hours);
    const [start, end] = values.hours.split(/\s*[-–]\s*/);
    const candidate = {
      country: values.country,
      timeZone: values.timeZone,
      weekend: values.weekend
        .split(",")
        .map((d) => d.trim())
        .filter(Boolean),
      ...(hours ? { workingHours: { start: start!, end: end! } } : {}),
    };
    const parsed = agencyCalendarSchema.safeParse(candidate);
    const errors: Record<string, string> = {};
    if (!hours) errors.hours = t.errors.invalid;
    let countryOk = true;
    try {
      holidaysFromPackage(values.country, [2026]);
    } catch {
      countryOk = false;
      errors.country = t.errors.invalid;
    }
    if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0] ?? "country")] = t.errors.invalid;
    if (!parsed.success || !hours || !countryOk)
      return respond(
        c,
        t.admin.calendarTitle(code),
        <AgencyCalendarPage t={t} code={code} values={values} errors={errors} alert={t.admin.calendarInvalid} />,
        422,
      );
    const now = c.var.deps.clock.now();
    await saveAgencyCalendar(c.var.deps.db, code, parsed.data, a.calendar, c.var.staff!.id, now);
    await c.var.deps.calendars?.refresh?.();
    return respond(
      c,
      t.admin.calendarTitle(code),
      <AgencyCalendarPage t={t} code={code} values={calendarValues(c, code)} notice={t.admin.calendarSaved} />,
    );
  });

  const directoryPage = async (c: Context<AppEnv>) => {
    const { t, lang } = tr(c);
    const [names, auditRows] = await Promise.all([directoryNames(c.var.deps.db), recentAudit(c.var.deps.db, 50)]);
    return respond(
      c,
      t.admin.directoryTitle,
      <DirectoryPage
        t={t}
        lang={lang}
        agencies={names.agencies
          .filter((r) => r.active)
          .map((r) => ({
            code: r.code,
            name: inLang(r, lang),
            services: names.services.filter((s) => s.agencyCode === r.code && s.active).length,
          }))}
        audit={auditRows.map((r) => ({ at: r.at, entity: r.entity, key: r.key, who: r.who ?? "—", changes: auditDiff(r.before, r.after) }))}
        dates={dateText(c.var.deps.calendar, lang)}
      />,
    );
  };
  app.get("/admin/directory", directoryPage);

  app.get("/admin/directory/:file{[A-Z][A-Z0-9_]{1,31}\\.json}", async (c) => {
    const code = c.req.param("file").replace(/\.json$/, "");
    const a = await exportAgency(c.var.deps.db, code);
    if (!a) return c.notFound();
    c.header("Content-Disposition", `attachment; filename="${code}.json"`);
    return c.body(JSON.stringify(a, null, 2) + "\n", 200, { "Content-Type": "application/json; charset=utf-8" });
  });

  const problemText = (t: ReturnType<typeof messages>, p: FieldProblem): string => {
    const m = t.dirForm.problems;
    switch (p.key) {
      case "wholeNumber":
        return m.wholeNumber(p.min, p.max);
      case "hours":
        return m.hours(p.max);
      default:
        return m[p.key];
    }
  };

  // The agency's page: the field-by-field form, and the whole JSON as the advanced way.
  const agencyEdit = async (
    c: Context<AppEnv>,
    code: string,
    extra: {
      values?: FormFields;
      errors?: Record<string, string>;
      json?: string;
      jsonOpen?: boolean;
      notice?: string;
      alert?: string;
      issues?: string[];
    } = {},
    status: 200 | 409 | 422 = 200,
  ) => {
    const { t, lang } = tr(c);
    const exported = await exportAgency(c.var.deps.db, code);
    if (!exported) return c.notFound();
    const json = extra.json ?? JSON.stringify(exported, null, 2);
    const current = agencySchema.safeParse(exported);
    if (!current.success)
      // Not expected (every save is checked), but the JSON still lets an admin repair it.
      return respond(
        c,
        t.admin.agencyTitle(code),
        <JsonEditPage
          t={t}
          title={t.admin.agencyTitle(code)}
          action={`/admin/directory/${code}`}
          label={t.admin.json}
          json={json}
          exportHref={`/admin/directory/${code}.json`}
          notice={extra.notice}
          alert={extra.alert}
          issues={extra.issues ?? []}
        />,
        status,
      );
    const [names, stored] = await Promise.all([directoryNames(c.var.deps.db), agencyCalendar(c.var.deps.db, code)]);
    const cal = calendarFor(c.var.deps, code);
    return respond(
      c,
      t.admin.agencyTitle(code),
      <AgencyFormPage
        t={t}
        lang={lang}
        code={code}
        values={extra.values ?? agencyFormValues(current.data)}
        errors={extra.errors ?? {}}
        services={current.data.services.map((s) => ({ code: s.code, name: s.name[lang] }))}
        cities={names.cities.filter((x) => x.active).map((x) => ({ code: x.code, name: inLang(x, lang) }))}
        calendar={{ own: !!stored?.calendar, country: cal.country, timeZone: cal.timeZone }}
        json={json}
        jsonOpen={extra.jsonOpen ?? false}
        basis={agencyBasis(exported)}
        issues={extra.issues ?? []}
        notice={extra.notice}
        alert={extra.alert}
      />,
      status,
    );
  };

  app.get("/admin/directory/:code{[A-Z][A-Z0-9_]{1,31}}", (c) => agencyEdit(c, c.req.param("code")));

  app.post("/admin/directory/:code{[A-Z][A-Z0-9_]{1,31}}", async (c) => {
    const { t } = tr(c);
    const code = c.req.param("code");
    const exported = await exportAgency(c.var.deps.db, code);
    if (!exported) return c.notFound();
    const f = await formFields(c);
    const db = c.var.deps.db;
    const actor = c.var.staff!.id;
    const now = c.var.deps.clock.now();
    // Another admin saved this agency after this form was drawn: keep what this admin
    // typed, show it over the new basis, and save only when sent again.
    if (f.basis !== undefined && f.basis !== agencyBasis(exported))
      return agencyEdit(
        c,
        code,
        f.json !== undefined
          ? { json: f.json, jsonOpen: true, alert: t.admin.changedMeanwhile }
          : { values: f, alert: t.admin.changedMeanwhile },
        409,
      );
    // The advanced editor posts the whole agency as JSON.
    if (f.json !== undefined) {
      const r = await saveAgencyJson(db, code, f.json, actor, now);
      if (!r.ok) {
        const alert = r.error === "not_json" ? t.admin.notJson : r.error === "code_mismatch" ? t.admin.codeMismatch : t.admin.invalid;
        return agencyEdit(c, code, { json: f.json, jsonOpen: true, alert, issues: r.issues }, 422);
      }
      await c.var.deps.calendars?.refresh?.();
      return agencyEdit(c, code, { notice: t.admin.saved });
    }
    const current = agencySchema.safeParse(exported);
    if (!current.success) return agencyEdit(c, code, { alert: t.admin.invalid }, 422);
    const cities = (await directoryNames(db)).cities.filter((x) => x.active).map((x) => x.code);
    const r = await saveAgency(db, code, agencyFromForm(current.data, f, cities), actor, now);
    if (!r.ok) {
      const { fields, other } = formProblems(r.schemaIssues ?? [], current.data, f);
      const errors = Object.fromEntries(Object.entries(fields).map(([k, p]) => [k, problemText(t, p)]));
      return agencyEdit(
        c,
        code,
        { values: f, errors, alert: t.dirForm.invalid, issues: [...other, ...(r.schemaIssues ? [] : r.issues)] },
        422,
      );
    }
    await c.var.deps.calendars?.refresh?.();
    return agencyEdit(c, code, { notice: t.dirForm.saved });
  });

  const citiesEdit = async (
    c: Context<AppEnv>,
    extra: { json?: string; notice?: string; alert?: string; issues?: string[] } = {},
    status: 200 | 422 = 200,
  ) => {
    const { t } = tr(c);
    return respond(
      c,
      t.admin.citiesTitle,
      <JsonEditPage
        t={t}
        title={t.admin.citiesTitle}
        action="/admin/cities"
        label={t.admin.citiesJson}
        json={extra.json ?? JSON.stringify(await exportCities(c.var.deps.db), null, 2)}
        notice={extra.notice}
        alert={extra.alert}
        issues={extra.issues ?? []}
      />,
      status,
    );
  };
  app.get("/admin/cities", (c) => citiesEdit(c));
  app.post("/admin/cities", async (c) => {
    const { t } = tr(c);
    const f = await formFields(c);
    const r = await saveCitiesJson(c.var.deps.db, f.json ?? "", c.var.staff!.id, c.var.deps.clock.now());
    if (!r.ok)
      return citiesEdit(
        c,
        { json: f.json ?? "", alert: r.error === "not_json" ? t.admin.notJson : t.admin.invalid, issues: r.issues },
        422,
      );
    return citiesEdit(c, { notice: t.admin.citiesSaved });
  });

  return app;
}
