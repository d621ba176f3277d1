import { randomUUID } from "node:crypto";
import type { Context } from "hono";
import { createRouter, type AppEnv } from "../../app-env.ts";
import { directoryNames, inLang } from "../../directory/names.ts";
import { citizenComplaint, citizenComplaints } from "../../complaints/queries.ts";
import { submitComplaint } from "../../complaints/submit.ts";
import { suggest } from "../../routing/suggest.ts";
import { activeCities, matchCity } from "../../routing/cities.ts";
import { errorText } from "../../../views/i18n/errors.ts";
import { refusalStatus, type RefusalStatus } from "../../refusals.ts";
import { messages } from "../../../views/i18n/index.ts";
import { available, type Status } from "../../complaints/lifecycle.ts";
import { parseCommand } from "../../complaints/commands.ts";
import { act } from "../../complaints/transition.ts";
import { checkAttachments } from "../../complaints/attachments.ts";
import { dateText } from "../dates.ts";
import { complaintEligibility } from "../../reports/reports.ts";
import { openInvitationFor, rateOwn } from "../../complaints/rating.ts";
import { escalationView } from "../escalation.ts";
import { WithdrawConfirm } from "../../../views/pages/citizen/complaints.tsx";
import {
  ComplaintPage,
  type CitizenForms,
  MyComplaints,
  NewComplaintForm,
  SuggestionBox,
} from "../../../views/pages/citizen/complaints.tsx";
import { formOptions } from "../options.ts";
import { langOf } from "../context.ts";
import { formFields, redirectTo, respond } from "../respond.tsx";
import { bodyLimit } from "hono/body-limit";
import { attachmentResponse, multipartFields, tooLarge, UPLOAD_LIMIT } from "../uploads.ts";
import { citizenAttachment } from "../../complaints/queries.ts";

// The citizen's filing door onto server/complaints/submit.ts.

async function labelled(c: Context<AppEnv>, list: ReturnType<typeof suggest>) {
  const lang = langOf(c);
  const names = await directoryNames(c.var.deps.db);
  const out = [];
  for (const s of list.slice(0, 3)) {
    const agency = names.agency(s.agencyCode);
    const service = names.service(s.agencyCode, s.serviceCode);
    if (agency && service) out.push({ ...s, label: `${inLang(agency, lang)} — ${inLang(service, lang)}` });
  }
  return out;
}

async function complaintPage(
  c: Context<AppEnv>,
  reference: string,
  opts: { justFiled?: boolean; notice?: string | undefined; forms?: CitizenForms },
  status: 200 | RefusalStatus = 200,
) {
  const lang = langOf(c);
  const t = messages(lang);
  const citizenId = c.var.citizenSession!.userId;
  const view = await citizenComplaint(c.var.deps.db, citizenId, reference);
  if (!view) return c.notFound();
  const allowed = available(
    {
      status: view.status as Status,
      agencyCode: view.agencyCode,
      citizenId: view.citizenId,
      outcome: view.outcome,
      reopenUntil: view.reopenUntil,
      infoDueAt: view.infoDueAt,
    },
    { kind: "citizen", id: citizenId },
    c.var.deps.clock.now(),
  );
  const dates = dateText(c.var.deps.calendar, lang);
  // Whether (or from when) the citizen may escalate it to the national unit.
  const escalation = escalationView(await complaintEligibility(c.var.deps, citizenId, reference), dates);
  // A closed complaint's rating, here as well as from the SMS link (the same invitation).
  const rating = view.status === "closed" && !!(await openInvitationFor(c.var.deps.db, citizenId, reference, c.var.deps.clock.now()));
  return respond(
    c,
    view.reference,
    <ComplaintPage
      t={t}
      lang={lang}
      c={view}
      justFiled={!!opts.justFiled}
      allowed={allowed}
      dates={dates}
      forms={opts.forms}
      notice={opts.notice}
      escalation={escalation}
      rating={rating}
    />,
    status,
  );
}

export function complaintRoutes(requireCitizen: (c: Context<AppEnv>, next: () => Promise<void>) => Promise<Response | void>) {
  const app = createRouter();
  app.use("/complaints", requireCitizen);
  app.use("/complaints/*", requireCitizen);

  app.get("/complaints", async (c) => {
    const t = messages(langOf(c));
    return respond(
      c,
      t.complaints.myComplaints,
      <MyComplaints t={t} rows={await citizenComplaints(c.var.deps.db, c.var.citizenSession!.userId)} />,
    );
  });

  app.get("/complaints/new", async (c) => {
    const t = messages(langOf(c));
    const o = await formOptions(c);
    return respond(
      c,
      t.complaints.newTitle,
      <NewComplaintForm
        t={t}
        cities={o.cities}
        services={o.services}
        agencies={o.agencies}
        values={{}}
        errors={{}}
        clientKey={randomUUID()}
      />,
    );
  });

  // While the citizen types: the hub's suggestion, and why.
  app.get("/complaints/suggest", async (c) => {
    const t = messages(langOf(c));
    const text = (c.req.query("text") ?? "").slice(0, 5000);
    // The city list sends codes; a name typed by hand is read too, an unknown one is a field error.
    const rawCity = c.req.query("city")?.trim() || "";
    const city = rawCity ? matchCity(await activeCities(c.var.deps.db), rawCity) : null;
    if (city === undefined) return c.html(<SuggestionBox t={t} suggestions={[]} text={text} error={errorText(t, "city_not_found")} />, 422);
    const list = text.trim().length >= 10 ? suggest(c.var.deps.routing, { text, city }) : [];
    const good = list.filter((s) => s.score >= c.var.deps.routingThreshold);
    return c.html(<SuggestionBox t={t} suggestions={await labelled(c, good)} text={text} />);
  });

  app.post("/complaints", bodyLimit({ maxSize: UPLOAD_LIMIT, onError: (c) => tooLarge(c) }), async (c) => {
    const lang = langOf(c);
    const t = messages(lang);
    const { form, files } = await multipartFields(c);
    // The explicit choice wins; else a confirmed suggestion; else the hub decides.
    const pick = form.service || form.suggested || "";
    const [agencyCode, serviceCode] = pick.includes("/") ? pick.split("/") : [undefined, undefined];
    const r = await submitComplaint(c.var.deps, c.var.citizenSession!.userId, { ...form, agencyCode, serviceCode }, files);
    if (r.ok) return redirectTo(c, `/complaints/${r.reference}?filed=1`);
    const o = await formOptions(c);
    // The attachment store down: the form comes back as it was, the message at the files.
    const fields = r.error === "invalid" ? r.fields : { attachments: r.error };
    const errors = Object.fromEntries(Object.entries(fields).map(([k, code]) => [k, errorText(t, code)]));
    return respond(
      c,
      t.complaints.newTitle,
      <NewComplaintForm
        t={t}
        cities={o.cities}
        services={o.services}
        agencies={o.agencies}
        values={form}
        errors={errors}
        clientKey={form.clientKey || randomUUID()}
      />,
      refusalStatus(r.error),
    );
  });

  app.get("/complaints/:reference/attachments/:id{[0-9a-f-]{36}}", async (c) => {
    const file = await citizenAttachment(
      c.var.deps.db,
      c.var.citizenSession!.userId,
      c.req.param("reference").toUpperCase(),
      c.req.param("id"),
    );
    if (!file) return c.notFound();
    return attachmentResponse(c, file);
  });

  app.get("/complaints/:reference", async (c) => {
    const t = messages(langOf(c));
    const done = c.req.query("done");
    const notice =
      done === "rated"
        ? t.rate.done
        : done && Object.hasOwn(t.complaints.done, done)
          ? t.complaints.done[done as keyof typeof t.complaints.done]
          : undefined;
    return complaintPage(c, c.req.param("reference").toUpperCase(), { justFiled: c.req.query("filed") === "1", notice });
  });

  // Withdrawing is two steps: this page says what it means, and only its button withdraws.
  const withdrawPage = async (
    c: Context<AppEnv>,
    reference: string,
    state: { errors?: Record<string, string>; values?: Record<string, string>; alert?: string },
    status: 200 | 409 | 422 = 200,
  ) => {
    const t = messages(langOf(c));
    const citizenId = c.var.citizenSession!.userId;
    const view = await citizenComplaint(c.var.deps.db, citizenId, reference);
    if (!view) return c.notFound();
    const allowed = available(
      {
        status: view.status as Status,
        agencyCode: view.agencyCode,
        citizenId: view.citizenId,
        outcome: view.outcome,
        reopenUntil: view.reopenUntil,
        infoDueAt: view.infoDueAt,
      },
      { kind: "citizen", id: citizenId },
      c.var.deps.clock.now(),
    );
    if (!allowed.includes("withdraw")) return redirectTo(c, `/complaints/${reference}`);
    return respond(
      c,
      t.withdraw.confirmTitle,
      <WithdrawConfirm
        t={t}
        reference={reference}
        version={view.version}
        errors={state.errors ?? {}}
        values={state.values ?? {}}
        alert={state.alert}
      />,
      status,
    );
  };

  app.get("/complaints/:reference/withdraw", (c) => withdrawPage(c, c.req.param("reference").toUpperCase(), {}));

  // Rating from the complaint's page: the same invitation and rules as the SMS link.
  app.post("/complaints/:reference/rate", async (c) => {
    const t = messages(langOf(c));
    const reference = c.req.param("reference").toUpperCase();
    const form = await formFields(c);
    const r = await rateOwn(c.var.deps.db, c.var.citizenSession!.userId, reference, form, c.var.deps.clock.now());
    if (r.ok) return redirectTo(c, `/complaints/${reference}?done=rated`);
    if (r.error === "invalid") {
      const errors = Object.fromEntries(Object.entries(r.fields).map(([k, code]) => [k, errorText(t, code)]));
      return complaintPage(c, reference, { forms: { action: "rate", errors, values: form } }, 422);
    }
    // Already rated (maybe from the link), expired, or reopened meanwhile.
    return complaintPage(c, reference, { forms: { alert: t.rate.closed } }, 409);
  });

  // The citizen's side of the lifecycle: answer a request, reopen, withdraw.
  app.post(
    "/complaints/:reference/:action{answer|reopen|withdraw}",
    bodyLimit({ maxSize: UPLOAD_LIMIT, onError: (c) => tooLarge(c) }),
    async (c) => {
      const t = messages(langOf(c));
      const reference = c.req.param("reference").toUpperCase();
      const action = c.req.param("action") as "answer" | "reopen" | "withdraw";
      const { form, files } = await multipartFields(c);
      const fail = (fields: Record<string, string>) => {
        const errors = Object.fromEntries(Object.entries(fields).map(([k, code]) => [k, errorText(t, code)]));
        if (action === "withdraw") return withdrawPage(c, reference, { errors, values: form }, 422);
        return complaintPage(c, reference, { forms: { action, errors, values: form } }, 422);
      };
      const parsed = parseCommand(action, form);
      if (!parsed.ok) return fail(parsed.fields);
      const checked = action === "answer" ? checkAttachments(files) : { ok: true as const, files: [] };
      if (!checked.ok) return fail({ attachments: checked.code });
      const version = Number(form.version);
      const r = await act(
        c.var.deps,
        { kind: "citizen", id: c.var.citizenSession!.userId },
        reference,
        Number.isInteger(version) ? version : -1,
        parsed.command,
        checked.files,
      );
      if (r.ok) return redirectTo(c, `/complaints/${r.reference}?done=${action}`);
      if (r.error === "not_found" || r.error === "forbidden") return c.notFound();
      if (r.error === "invalid") return fail(r.fields);
      return complaintPage(c, reference, { forms: { alert: errorText(t, r.error) } }, refusalStatus(r.error));
    },
  );
  return app;
}
