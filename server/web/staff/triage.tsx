import { calendarFor } from "../../calendar/book.ts";
import { randomUUID } from "node:crypto";
import type { Context } from "hono";
import { createRouter, type AppEnv } from "../../app-env.ts";
import { hasRole } from "../../auth/roles.ts";
import { routeFromTriage, triageQueue } from "../../complaints/triage.ts";
import { errorText } from "../../../views/i18n/errors.ts";
import { refusalStatus } from "../../refusals.ts";
import { messages } from "../../../views/i18n/index.ts";
import { dateText } from "../../calendar/format.ts";
import { RegisterOnBehalfForm, TriagePage, TriageRow } from "../../../views/pages/staff/triage.tsx";
import { registerOnBehalf } from "../../complaints/register-on-behalf.ts";
import { bodyLimit } from "hono/body-limit";
import { multipartFields, tooLarge, UPLOAD_LIMIT } from "../uploads.ts";
import { langOf } from "../context.ts";
import { requireStaff } from "./guard.ts";
import { agencyNamer, formOptions, serviceLabels } from "../options.ts";
import { formFields, respond } from "../respond.tsx";

// The same form keeps its key through corrections (nothing was registered yet); a key
// the form refused is replaced, or the next send would be refused again.
const keepKey = (key: string | undefined, r: { ok: false; error: string; fields?: Record<string, string> }) =>
  key && !r.fields?.formKey ? key : randomUUID();

async function requireTriage(c: Context<AppEnv>, next: () => Promise<void>) {
  if (!c.var.staff) return requireStaff(c, next);
  if (!hasRole(c.var.staff, "triage")) return c.notFound();
  await next();
}

export function triageRoutes() {
  const app = createRouter();
  app.use("/triage", requireTriage);
  app.use("/triage/*", requireTriage);

  app.get("/triage", async (c) => {
    const lang = langOf(c);
    const t = messages(lang);
    const [items, labels, options, agencyName] = await Promise.all([
      triageQueue(c.var.deps.db, c.var.staff!),
      serviceLabels(c),
      formOptions(c),
      agencyNamer(c),
    ]);
    return respond(
      c,
      t.staff.triageTitle,
      <TriagePage
        t={t}
        lang={lang}
        items={items}
        labels={labels}
        agencyName={agencyName}
        services={options.services}
        dates={dateText(c.var.deps.calendar, lang)}
      />,
    );
  });

  app.post("/triage/:id{[0-9a-f-]{36}}/route", async (c) => {
    const lang = langOf(c);
    const t = messages(lang);
    const form = await formFields(c);
    const [agencyCode, serviceCode] = (form.service ?? "").split("/");
    const r = await routeFromTriage(
      c.var.deps.db,
      calendarFor(c.var.deps, agencyCode),
      c.var.staff!,
      { complaintId: c.req.param("id"), version: Number(form.version), agencyCode: agencyCode ?? "", serviceCode: serviceCode ?? "" },
      c.var.deps.clock.now(),
    );
    const labels = await serviceLabels(c);
    if (r.ok) {
      return respond(
        c,
        t.staff.triageTitle,
        // The row stays a list item (axe: list); the message inside it is what is announced.
        <li>
          <p class="alert alert-ok" role="status">
            {t.staff.triageRouted(r.reference, labels.get(form.service ?? "") ?? form.service ?? "")}
          </p>
        </li>,
      );
    }
    if (r.error === "not_found") return c.notFound();
    // On a conflict or a bad choice, show the row again as it is now, with the reason.
    const item = (await triageQueue(c.var.deps.db, c.var.staff!, 500)).find((i) => i.id === c.req.param("id"));
    const message = r.error === "conflict" ? t.staff.conflict : errorText(t, r.error);
    if (!item)
      return respond(
        c,
        t.staff.triageTitle,
        <li>
          <p class="alert alert-error" role="alert">
            {message}
          </p>
        </li>,
        409,
      );
    const options = await formOptions(c);
    return respond(
      c,
      t.staff.triageTitle,
      <TriageRow
        t={t}
        lang={lang}
        item={item}
        labels={labels}
        agencyName={await agencyNamer(c)}
        services={options.services}
        dates={dateText(c.var.deps.calendar, lang)}
        alert={message}
      />,
      refusalStatus(r.error),
    );
  });
  app.get("/triage/register", async (c) => {
    const t = messages(langOf(c));
    const o = await formOptions(c);
    return respond(
      c,
      t.staff.registerTitle,
      <RegisterOnBehalfForm
        t={t}
        cities={o.cities}
        services={o.services}
        values={{ channel: "call_centre", kind: "complaint" }}
        errors={{}}
        formKey={randomUUID()}
      />,
    );
  });

  app.post("/triage/register", bodyLimit({ maxSize: UPLOAD_LIMIT, onError: (c) => tooLarge(c) }), async (c) => {
    const lang = langOf(c);
    const t = messages(lang);
    const { form, files } = await multipartFields(c);
    const [agencyCode, serviceCode] = form.service?.includes("/") ? form.service.split("/") : [undefined, undefined];
    const d = c.var.deps;
    const r = await registerOnBehalf(d, c.var.staff!, { ...form, agencyCode, serviceCode }, files);
    const o = await formOptions(c);
    if (r.ok) {
      const notice = t.staff.registered(r.reference) + (r.identityVerified ? "" : ` (${t.staff.notVerified})`);
      return respond(
        c,
        t.staff.registerTitle,
        <RegisterOnBehalfForm
          t={t}
          cities={o.cities}
          services={o.services}
          values={{ channel: form.channel ?? "call_centre", kind: "complaint" }}
          errors={{}}
          notice={notice}
          formKey={randomUUID()}
        />,
      );
    }
    const errors = r.error === "invalid" ? Object.fromEntries(Object.entries(r.fields).map(([k, code]) => [k, errorText(t, code)])) : {};
    const alert = r.error === "invalid" ? undefined : errorText(t, r.error);
    return respond(
      c,
      t.staff.registerTitle,
      <RegisterOnBehalfForm
        t={t}
        cities={o.cities}
        services={o.services}
        values={form}
        errors={errors}
        alert={alert}
        formKey={keepKey(form.formKey, r)}
      />,
      refusalStatus(r.error),
    );
  });
  return app;
}
