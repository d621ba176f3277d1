import { randomUUID } from "node:crypto";
import { Hono, type Context } from "hono";
import { and, eq } from "drizzle-orm";
import type { AppEnv } from "../../app.tsx";
import { agencies, services } from "../../../schema/index.ts";
import { citizenComplaint, citizenComplaints } from "../../complaints/queries.ts";
import { submitComplaint } from "../../complaints/submit.ts";
import { suggest } from "../../routing/suggest.ts";
import { errorText } from "../../../views/components/form.tsx";
import { messages } from "../../../views/i18n/index.ts";
import { ComplaintPage, MyComplaints, NewComplaintForm, SuggestionBox } from "../../../views/pages/citizen/complaints.tsx";
import { formOptions } from "../options.ts";
import { langOf } from "../context.ts";
import { redirectTo, respond } from "../respond.tsx";
import { bodyLimit } from "hono/body-limit";
import { attachmentResponse, multipartFields, tooLarge, UPLOAD_LIMIT } from "../uploads.ts";
import { citizenAttachment } from "../../complaints/queries.ts";

// The citizen's filing door onto server/complaints/submit.ts.

async function labelled(c: Context<AppEnv>, list: ReturnType<typeof suggest>) {
  const lang = langOf(c);
  const out = [];
  for (const s of list.slice(0, 3)) {
    const [row] = await c.var.deps.db
      .select({ agencyAr: agencies.nameAr, agencyEn: agencies.nameEn, ar: services.nameAr, en: services.nameEn })
      .from(services)
      .innerJoin(agencies, eq(agencies.code, services.agencyCode))
      .where(and(eq(services.agencyCode, s.agencyCode), eq(services.code, s.serviceCode)));
    if (row) out.push({ ...s, label: lang === "ar" ? `${row.agencyAr} — ${row.ar}` : `${row.agencyEn} — ${row.en}` });
  }
  return out;
}

export function complaintRoutes(requireCitizen: (c: Context<AppEnv>, next: () => Promise<void>) => Promise<Response | void>) {
  const app = new Hono<AppEnv>();
  app.use("/complaints", requireCitizen);
  app.use("/complaints/*", requireCitizen);

  app.get("/complaints", async (c) => {
    const t = messages(langOf(c));
    return respond(c, t.complaints.myComplaints, <MyComplaints t={t} rows={await citizenComplaints(c.var.deps.db, c.var.citizenSession!.userId)} />);
  });

  app.get("/complaints/new", async (c) => {
    const t = messages(langOf(c));
    const o = await formOptions(c);
    return respond(c, t.complaints.newTitle, <NewComplaintForm t={t} cities={o.cities} services={o.services} values={{}} errors={{}} clientKey={randomUUID()} />);
  });

  // While the citizen types: the hub's suggestion, and why.
  app.get("/complaints/suggest", async (c) => {
    const t = messages(langOf(c));
    const text = (c.req.query("text") ?? "").slice(0, 5000);
    const list = text.trim().length >= 10 ? suggest(c.var.deps.routing, { text, city: c.req.query("city") || null }) : [];
    const good = list.filter((s) => s.score >= c.var.deps.routingThreshold);
    return c.html(<SuggestionBox t={t} suggestions={await labelled(c, good)} />);
  });

  app.post("/complaints", bodyLimit({ maxSize: UPLOAD_LIMIT, onError: (c) => tooLarge(c) }), async (c) => {
    const lang = langOf(c);
    const t = messages(lang);
    const { form, files } = await multipartFields(c);
    // The explicit choice wins; else a confirmed suggestion; else the hub decides.
    const pick = form.service || form.suggested || "";
    const [agencyCode, serviceCode] = pick.includes("/") ? pick.split("/") : [undefined, undefined];
    const r = await submitComplaint(
      { db: c.var.deps.db, clock: c.var.deps.clock, routing: c.var.deps.routing, routingThreshold: c.var.deps.routingThreshold },
      c.var.citizenSession!.userId,
      { ...form, agencyCode, serviceCode },
      files,
    );
    if (r.ok) return redirectTo(c, `/complaints/${r.reference}?filed=1`);
    const o = await formOptions(c);
    const errors = Object.fromEntries(Object.entries(r.fields).map(([k, code]) => [k, errorText(t, code)]));
    return respond(
      c,
      t.complaints.newTitle,
      <NewComplaintForm t={t} cities={o.cities} services={o.services} values={form} errors={errors} alert={t.errors.invalid} clientKey={form.clientKey || randomUUID()} />,
      422,
    );
  });

  app.get("/complaints/:reference/attachments/:id{[0-9a-f-]{36}}", async (c) => {
    const file = await citizenAttachment(c.var.deps.db, c.var.citizenSession!.userId, c.req.param("reference").toUpperCase(), c.req.param("id"));
    if (!file) return c.notFound();
    return attachmentResponse(c, file);
  });

  app.get("/complaints/:reference", async (c) => {
    const lang = langOf(c);
    const t = messages(lang);
    const view = await citizenComplaint(c.var.deps.db, c.var.citizenSession!.userId, c.req.param("reference").toUpperCase());
    if (!view) return c.notFound();
    return respond(c, view.reference, <ComplaintPage t={t} lang={lang} c={view} justFiled={c.req.query("filed") === "1"} />);
  });
  return app;
}
