import type { Context, Hono } from "hono";
import { readDb, type AppEnv } from "../app-env.ts";
import { hasRole } from "../auth/roles.ts";
import { localDate, startOfLocalDay } from "../calendar/index.ts";
import { addDays } from "../calendar/zone.ts";
import { directoryNames, inLang } from "../directory/names.ts";
import { AUDIT_SAMPLE_SIZE } from "../policy.ts";
import { parseScores, quarterDates, quarterOfDate, sampleSize } from "../quality/audit.ts";
import { auditRow, auditSample, drawQuarter, scoreAudit, type AuditRow } from "../quality/store.ts";
import { messages } from "../../views/i18n/index.ts";
import { AuditCase, QualityPage, type AuditCaseView } from "../../views/pages/national/quality.tsx";
import { langOf } from "./context.ts";
import { dateText } from "./dates.ts";
import { formFields, isHtmx, respond } from "./respond.tsx";
import { requireStaff } from "./staff/guard.ts";
import { isNational } from "./kpi-period.ts";

// The quality audit (seed 002 §5.3 "accuracy and quality"): the national unit sees the
// quarter's sample; its reviewers draw it and score each case. An agency never sees it
// (the scores are the unit's view of the agency's answers).

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const canScore = (c: Context<AppEnv>) => !!c.var.staff && hasRole(c.var.staff, "reviewer");

/** This quarter and the seven before it, newest first. */
function recentQuarters(today: string): string[] {
  const out: string[] = [];
  let y = Number(today.slice(0, 4));
  let q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  for (let i = 0; i < 8; i++) {
    out.push(`${y}-Q${q}`);
    if (--q === 0) {
      q = 4;
      y--;
    }
  }
  return out;
}

async function views(c: Context<AppEnv>, rows: AuditRow[]): Promise<AuditCaseView[]> {
  const lang = langOf(c);
  const dir = await directoryNames(readDb(c.var.deps));
  return rows.map((r) => {
    const a = dir.agency(r.agencyCode);
    const s = r.serviceCode ? dir.service(r.agencyCode, r.serviceCode) : null;
    return { ...r, agency: a ? inLang(a, lang) : r.agencyCode, service: s ? inLang(s, lang) : (r.serviceCode ?? "") };
  });
}

export function mountQuality(app: Hono<AppEnv>) {
  const page = async (c: Context<AppEnv>, quarter: string | undefined, notice?: string, problem?: string) => {
    const lang = langOf(c);
    const t = messages(lang);
    const today = localDate(c.var.deps.calendar, c.var.deps.clock.now());
    const wanted = quarter ?? quarterOfDate(today);
    const valid = quarterDates(wanted) !== null;
    const q = valid ? wanted : quarterOfDate(today);
    const quarters = recentQuarters(today);
    if (!quarters.includes(q)) quarters.push(q);
    const rows = await views(c, await auditSample(readDb(c.var.deps), q));
    return respond(
      c,
      t.kpidef.qualityTitle,
      <QualityPage
        t={t}
        lang={lang}
        dates={dateText(c.var.deps.calendar, lang)}
        quarter={q}
        quarters={quarters}
        defaultSize={AUDIT_SAMPLE_SIZE}
        canScore={canScore(c)}
        rows={rows}
        notice={notice}
        error={valid ? problem : t.kpidef.invalidQuarter}
      />,
      valid && !problem ? 200 : 422,
    );
  };

  app.get("/national/quality", requireStaff, async (c) => (isNational(c) ? page(c, c.req.query("quarter")) : c.notFound()));

  app.post("/national/quality/draw", requireStaff, async (c) => {
    if (!isNational(c) || !canScore(c)) return c.notFound();
    const t = messages(langOf(c));
    const f = await formFields(c);
    const quarter = f.quarter ?? "";
    const dates = quarterDates(quarter);
    const n = sampleSize(f.n);
    if (!dates) return page(c, quarter);
    if (n === null) return page(c, quarter, undefined, t.kpidef.invalidSize);
    const cal = c.var.deps.calendar;
    const added = await drawQuarter(
      c.var.deps.db,
      quarter,
      startOfLocalDay(cal, dates.from),
      startOfLocalDay(cal, addDays(dates.to, 1)),
      n,
      c.var.deps.clock.now(),
    );
    return page(c, quarter, t.kpidef.drawn(added));
  });

  app.post(`/national/quality/:id{${UUID}}`, requireStaff, async (c) => {
    if (!isNational(c) || !canScore(c)) return c.notFound();
    const lang = langOf(c);
    const t = messages(lang);
    const id = c.req.param("id")!;
    const fields = await formFields(c);
    const parsed = parseScores(fields);
    const dates = dateText(c.var.deps.calendar, lang);
    if (!parsed.ok) {
      const row = await auditRow(c.var.deps.db, id);
      if (!row) return c.notFound();
      const [v] = await views(c, [row]);
      return respond(
        c,
        t.kpidef.qualityTitle,
        <AuditCase t={t} lang={lang} dates={dates} r={v!} canScore errors={parsed.errors} values={fields} />,
        422,
      );
    }
    const saved = await scoreAudit(c.var.deps.db, id, parsed, c.var.staff!.id, c.var.deps.clock.now());
    if (!saved) return c.notFound();
    if (!isHtmx(c)) return c.redirect(`/national/quality?quarter=${(await auditRow(c.var.deps.db, id))?.period ?? ""}#audit-${id}`, 303);
    const [v] = await views(c, [saved]);
    return respond(c, t.kpidef.qualityTitle, <AuditCase t={t} lang={lang} dates={dates} r={v!} canScore saved />);
  });
}
