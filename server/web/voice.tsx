import type { Context } from "hono";
import { createRouter, readDb, type AppEnv } from "../app-env.ts";
import { complaintScope, type StaffActor } from "../auth/roles.ts";
import { addDays } from "../calendar/zone.ts";
import { startOfLocalDay } from "../calendar/index.ts";
import type { Period } from "../kpi/compute.ts";
import { toCsv, toXlsx } from "../kpi/table.ts";
import { voiceFigures, voiceTable } from "../kpi/voice.ts";
import { reportGroups, voteGroups } from "../kpi/voice-store.ts";
import {
  candidateQuotes,
  chooseQuote,
  curateQuote,
  mayCurate,
  publishedQuotes,
  QUOTE_ACTIONS,
  quoteForReviewer,
  type QuoteAction,
} from "../kpi/quotes.ts";
import { refusalStatus } from "../refusals.ts";
import { messages, type Lang } from "../../views/i18n/index.ts";
import { errorText, refusalText } from "../../views/i18n/errors.ts";
import { QuotePage, VoicePage } from "../../views/pages/national/voice.tsx";
import { ErrorSummary } from "../../views/components/form.tsx";
import { langOf } from "./context.ts";
import { dateText } from "./dates.ts";
import { formFields, redirectTo, respond } from "./respond.tsx";
import { agencyNamer } from "./options.ts";
import { requireStaff } from "./staff/guard.ts";
import { quarterOf } from "./kpi.tsx";

// The national unit's "voice of the beneficiary" (seed 004): the page for a quarter or
// a year, its CSV and XLSX from the same table, and the reviewers' example quotes.

// The national unit's case workers and analysts, as on the other national pages.
const isNational = (c: Context<AppEnv>) => !!c.var.staff && complaintScope(c.var.staff).kind === "all";

function bounds(c: Context<AppEnv>, p: Period) {
  const cal = c.var.deps.calendar;
  return { from: startOfLocalDay(cal, p.from), to: startOfLocalDay(cal, addDays(p.to, 1)) };
}

async function figuresTable(c: Context<AppEnv>, lang: Lang, p: Period) {
  const t = messages(lang);
  const { from, to } = bounds(c, p);
  const db = readDb(c.var.deps);
  const [reports, votes, name] = await Promise.all([reportGroups(db, from, to), voteGroups(db, from, to), agencyNamer(c, lang)]);
  return voiceTable(voiceFigures(reports, votes), {
    headers: t.voice.headers,
    sections: t.voice.sections,
    items: t.voice.items,
    types: t.reports.types,
    grounds: t.voice.grounds,
    agency: name,
  });
}

const periodLabel = (lang: Lang, q: { year: number; quarter: string }) => {
  const k = messages(lang).kpi;
  return q.quarter === "year" ? k.yearLabel(q.year) : k.quarterLabel(Number(q.quarter), q.year);
};

async function voicePage(
  c: Context<AppEnv>,
  extra: { notice?: string; error?: string; reference?: string } = {},
  status: 200 | ReturnType<typeof refusalStatus> = 200,
) {
  const lang = langOf(c);
  const t = messages(lang);
  const q = quarterOf(c);
  if (!q) return respond(c, t.voice.title, <ErrorSummary t={t} alert={t.kpi.invalidPeriod} />, 422);
  const { from, to } = bounds(c, q.period);
  const actor = c.var.staff!;
  const [table, quotes, candidates] = await Promise.all([
    figuresTable(c, lang, q.period),
    publishedQuotes(readDb(c.var.deps), from, to),
    mayCurate(actor) ? candidateQuotes(c.var.deps.db) : Promise.resolve(null),
  ]);
  const title = t.voice.titleFor(periodLabel(lang, q));
  return respond(
    c,
    title,
    <VoicePage
      t={t}
      lang={lang}
      title={title}
      year={q.year}
      quarter={q.quarter}
      table={table}
      quotes={quotes}
      notice={extra.notice}
      curate={candidates ? { candidates, error: extra.error, reference: extra.reference } : undefined}
    />,
    status,
  );
}

async function quotePage(
  c: Context<AppEnv>,
  id: string,
  extra: Omit<Parameters<typeof QuotePage>[0], "t" | "q" | "dates"> = {},
  status: 200 | ReturnType<typeof refusalStatus> = 200,
) {
  const lang = langOf(c);
  const t = messages(lang);
  const q = await quoteForReviewer(c.var.deps.db, c.var.staff as StaffActor, id);
  if (!q) return c.notFound();
  return respond(
    c,
    t.voice.editTitle(q.sourceReference),
    <QuotePage t={t} q={q} dates={dateText(c.var.deps.calendar, lang)} {...extra} />,
    status,
  );
}

export function voiceRoutes() {
  const app = createRouter();
  const national = async (c: Context<AppEnv>, next: () => Promise<void>) => {
    if (!c.var.staff) return requireStaff(c, next);
    if (!isNational(c)) return c.notFound();
    await next();
  };
  app.use("/national/voice", national);
  app.use("/national/voice/*", national);
  app.use("/national/voice.csv", national);
  app.use("/national/voice.xlsx", national);

  app.get("/national/voice", (c) => {
    const t = messages(langOf(c));
    const done = c.req.query("done");
    return voicePage(c, done && Object.hasOwn(t.voice.done, done) ? { notice: t.voice.done[done as keyof typeof t.voice.done] } : {});
  });

  const download = (format: "csv" | "xlsx") => async (c: Context<AppEnv>) => {
    const lang = langOf(c);
    const t = messages(lang);
    const q = quarterOf(c);
    if (!q) return c.text(t.kpi.invalidPeriod, 422);
    const table = await figuresTable(c, lang, q.period);
    const file = `voice-${q.year}-${q.quarter === "year" ? "year" : `q${q.quarter}`}`;
    const plain = { headers: table.headers, rows: table.rows };
    if (format === "csv")
      return c.body(toCsv(plain), 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${file}.csv"`,
      });
    const xlsx = await toXlsx(plain, { sheet: file, title: t.voice.titleFor(periodLabel(lang, q)), rtl: lang === "ar" });
    return c.body(new Uint8Array(xlsx), 200, {
      "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "content-disposition": `attachment; filename="${file}.xlsx"`,
    });
  };
  app.get("/national/voice.csv", download("csv"));
  app.get("/national/voice.xlsx", download("xlsx"));

  // --- quotes (reviewers) ------------------------------------------------------------
  app.post("/national/voice/quotes", async (c) => {
    const t = messages(langOf(c));
    const values = await formFields(c);
    const r = await chooseQuote(c.var.deps, c.var.staff!, values.reference);
    if (r.ok) return redirectTo(c, `/national/voice/quotes/${r.id}?done=choose`);
    if (r.error === "not_found") return c.notFound();
    const error = r.error === "invalid" ? errorText(t, Object.values(r.fields)[0] ?? "invalid") : refusalText(t, r.error);
    return voicePage(c, { error, reference: values.reference ?? "" }, refusalStatus(r.error));
  });

  app.get("/national/voice/quotes/:id{[0-9a-f-]{36}}", (c) => {
    const t = messages(langOf(c));
    const done = c.req.query("done");
    return quotePage(
      c,
      c.req.param("id"),
      done && Object.hasOwn(t.voice.done, done) ? { notice: t.voice.done[done as keyof typeof t.voice.done] } : {},
    );
  });

  app.post(`/national/voice/quotes/:id{[0-9a-f-]{36}}/:action{${QUOTE_ACTIONS.join("|")}}`, async (c) => {
    const t = messages(langOf(c));
    const id = c.req.param("id");
    const action = c.req.param("action") as QuoteAction;
    const values = await formFields(c);
    const r = await curateQuote(c.var.deps, c.var.staff!, id, action, values);
    if (r.ok) return redirectTo(c, `/national/voice/quotes/${id}?done=${action}`);
    if (r.error === "not_found") return c.notFound();
    const error =
      r.error === "invalid"
        ? { fields: Object.fromEntries(Object.entries(r.fields).map(([k, code]) => [k, errorText(t, code)])) }
        : { fields: {}, alert: refusalText(t, r.error) };
    return quotePage(c, id, { error, text: values.text }, refusalStatus(r.error));
  });
  return app;
}
