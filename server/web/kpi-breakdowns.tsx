import type { Context, Hono } from "hono";
import { readDb, type AppEnv } from "../app-env.ts";
import { hasRole } from "../auth/roles.ts";
import { AGE_BUCKETS } from "../policy.ts";
import { channelOf } from "../complaints/channels.ts";
import { directoryNames, inLang } from "../directory/names.ts";
import { breakdowns, pending, PENDING_STATUSES, repeatedAgainstStaff, repeatedAgainstUnit, type BreakdownRow } from "../kpi/breakdowns.ts";
import { MIN_REPEATS } from "../kpi/recurring.ts";
import { toCsv, type FigureTable } from "../kpi/table.ts";
import type { Period } from "../kpi/store.ts";
import { messages, type Lang } from "../../views/i18n/index.ts";
import { BreakdownsPage, RepeatedPage, type RepeatedRow, type RepeatedStaffRow } from "../../views/pages/national/breakdowns.tsx";
import { langOf } from "./context.ts";
import { respond } from "./respond.tsx";
import { requireStaff } from "./staff/guard.ts";
import { agencyCodes } from "./agency/inbox.tsx";
import { isNational, periodOf } from "./kpi-period.ts";

// The breakdowns page (seed 002 §5.4: counts by category, pending cases by stage and
// age) with its CSV built from the same tables, and the special report of complaints
// repeated against one unit: the national unit sees every agency's, an agency's
// supervisors only their own, nobody else any (it points at people and teams).

const pct = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);

async function tablesFor(c: Context<AppEnv>, lang: Lang, period: Period) {
  const t = messages(lang);
  const m = t.kpidef;
  const db = readDb(c.var.deps);
  const [b, open, dir] = await Promise.all([
    breakdowns(db, period),
    pending(db, c.var.deps.calendar, c.var.deps.clock.now()),
    directoryNames(db),
  ]);
  const levels = t.staff.levels as Record<string, string>;
  const kinds = t.kinds as Record<string, string>;
  const regionName = new Map([...b.regionNames.values()].map((r) => [r.en, inLang(r, lang)]));
  const label: Record<string, (v: string) => string> = {
    kind: (v) => kinds[v] ?? v,
    channel: (v) => (lang === "ar" ? channelOf(v).nameAr : channelOf(v).nameEn),
    complexity: (v) => levels[v] ?? v,
    importance: (v) => levels[v] ?? v,
    action_type: (v) => levels[v] ?? v,
    city: (v) => {
      const x = dir.city(v);
      return x ? inLang(x, lang) : v;
    },
    region: (v) => regionName.get(v) ?? v,
    service: (v) => {
      const [a = "", s = ""] = v.split("/");
      const an = dir.agency(a);
      const sn = dir.service(a, s);
      return `${an ? inLang(an, lang) : a} — ${sn ? inLang(sn, lang) : s}`;
    },
  };
  const order: [keyof typeof m.dimensions, BreakdownRow[]][] = [
    ["kind", b.dims.kind],
    ["channel", b.dims.channel],
    ["complexity", b.dims.complexity],
    ["importance", b.dims.importance],
    ["action_type", b.dims.action_type],
    ["service", b.services],
    ["city", b.dims.city],
    ["region", b.regions],
  ];
  const col = m.columns;
  const headers = [col.dimension, col.value, col.received, col.closed, col.closedDue, col.closedOnTime, col.onTime];
  const sections = order.map(([dim, rows]): [string, FigureTable] => [
    m.dimensions[dim],
    {
      headers,
      rows: rows.map((r) => [m.dimensions[dim], label[dim]!(r.value), r.received, r.closed, r.closedDue, r.closedOnTime, pct(r.onTime)]),
    },
  ]);
  const pendingTable: FigureTable = {
    headers: [m.stage, ...m.buckets, m.total],
    rows: [
      ...PENDING_STATUSES.map((s) => [m.statuses[s], ...open[s]!, open[s]!.reduce((a, n) => a + n, 0)]),
      [
        m.total,
        ...AGE_BUCKETS.map((_, i) => i)
          .concat(AGE_BUCKETS.length)
          .map((i) => PENDING_STATUSES.reduce((a, s) => a + open[s]![i]!, 0)),
        PENDING_STATUSES.reduce((a, s) => a + open[s]!.reduce((x, n) => x + n, 0), 0),
      ],
    ],
  };
  return { sections, pendingTable, dir };
}

async function repeatedRows(c: Context<AppEnv>, lang: Lang, period: Period, agencyCode?: string): Promise<RepeatedRow[]> {
  const db = readDb(c.var.deps);
  const [rows, dir] = await Promise.all([repeatedAgainstUnit(db, c.var.deps.calendar, period, agencyCode), directoryNames(db)]);
  return rows.map((r) => {
    const a = dir.agency(r.agencyCode);
    const s = dir.service(r.agencyCode, r.serviceCode);
    const city = dir.city(r.city);
    return {
      agency: a ? inLang(a, lang) : r.agencyCode,
      service: s ? inLang(s, lang) : r.serviceCode,
      place: [city ? inLang(city, lang) : r.city, r.district].filter(Boolean).join(" — "),
      n: r.n,
      people: r.people,
      open: r.open,
    };
  });
}

async function repeatedStaffRows(c: Context<AppEnv>, lang: Lang, period: Period, agencyCode?: string): Promise<RepeatedStaffRow[]> {
  const db = readDb(c.var.deps);
  const [rows, dir] = await Promise.all([repeatedAgainstStaff(db, c.var.deps.calendar, period, agencyCode), directoryNames(db)]);
  return rows.map((r) => {
    const a = dir.agency(r.agencyCode);
    return { agency: a ? inLang(a, lang) : r.agencyCode, name: r.name, n: r.n, people: r.people, open: r.open };
  });
}

export function mountBreakdowns(app: Hono<AppEnv>) {
  app.get("/national/kpi/breakdowns", requireStaff, async (c) => {
    if (!isNational(c)) return c.notFound();
    const lang = langOf(c);
    const t = messages(lang);
    const { period, error } = periodOf(c);
    const [{ sections, pendingTable }, repeated, repeatedStaff] = await Promise.all([
      tablesFor(c, lang, period),
      repeatedRows(c, lang, period),
      repeatedStaffRows(c, lang, period),
    ]);
    return respond(
      c,
      t.kpidef.breakdownsTitle,
      <BreakdownsPage
        t={t}
        action="/national/kpi/breakdowns"
        from={period.from}
        to={period.to}
        error={error ? t.kpi.invalidPeriod : undefined}
        sections={sections}
        pending={pendingTable}
        repeated={repeated}
        repeatedStaff={repeatedStaff}
        minRepeats={MIN_REPEATS}
        csv={`/national/kpi/breakdowns.csv?from=${period.from}&to=${period.to}`}
      />,
      error ? 422 : 200,
    );
  });

  // The same tables as the page, one after the other: the classifications, then the pending cases.
  app.get("/national/kpi/breakdowns.csv", requireStaff, async (c) => {
    if (!isNational(c)) return c.notFound();
    const lang = langOf(c);
    const { period, error } = periodOf(c);
    if (error) return c.text(messages(lang).kpi.invalidPeriod, 422);
    const { sections, pendingTable } = await tablesFor(c, lang, period);
    const dims: FigureTable = { headers: sections[0]![1].headers, rows: sections.flatMap(([, tb]) => tb.rows) };
    // One BOM at the start; the second table follows a blank line.
    const body = toCsv(dims) + "\r\n" + toCsv(pendingTable).replace(/^\uFEFF/, "");
    return c.body(body, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="breakdowns-${period.from}-${period.to}.csv"`,
    });
  });

  // An agency's supervisors: their own agency's repeated complaints, and no other's.
  app.get("/agency/kpi/repeated", requireStaff, async (c) => {
    const own = agencyCodes(c.var.staff!).filter((code) => hasRole(c.var.staff!, "agency_supervisor", code));
    const wanted = c.req.query("agency");
    if (wanted !== undefined && !own.includes(wanted)) return c.notFound();
    const code = wanted ?? own[0];
    if (!code) return c.notFound();
    const lang = langOf(c);
    const t = messages(lang);
    const { period, error } = periodOf(c);
    const a = (await directoryNames(readDb(c.var.deps))).agency(code);
    const title = `${t.kpidef.repeatedTitle} — ${a ? inLang(a, lang) : code}`;
    return respond(
      c,
      title,
      <RepeatedPage
        t={t}
        title={title}
        action="/agency/kpi/repeated"
        from={period.from}
        to={period.to}
        error={error ? t.kpi.invalidPeriod : undefined}
        rows={await repeatedRows(c, lang, period, code)}
        staff={await repeatedStaffRows(c, lang, period, code)}
        minRepeats={MIN_REPEATS}
      />,
      error ? 422 : 200,
    );
  });
}
