import { createRouter } from "../app-env.ts";
import { openInvitation, rate } from "../complaints/rating.ts";
import { errorText } from "../../views/i18n/errors.ts";
import { refusalStatus } from "../refusals.ts";
import { messages } from "../../views/i18n/index.ts";
import { RatingForm, RatingLinkInvalid, RatingThanks } from "../../views/pages/citizen/rating.tsx";
import { langOf } from "./context.ts";
import { complaintEligibilityById } from "../reports/reports.ts";
import { dateText } from "./dates.ts";
import { escalationView } from "./escalation.ts";
import { formFields, respond } from "./respond.tsx";

// The satisfaction link from the closing message: no sign-in, single use, 14 days.
const TOKEN = "{[a-z2-7]{24}}";

export function ratingRoutes() {
  const app = createRouter();
  app.get(`/rate/:token${TOKEN}`, async (c) => {
    const lang = langOf(c);
    const t = messages(lang);
    const inv = await openInvitation(c.var.deps.db, c.req.param("token"), c.var.deps.clock.now());
    if (!inv) return respond(c, t.rating.invalidTitle, <RatingLinkInvalid t={t} />, refusalStatus("link_invalid"));
    const agency = (lang === "ar" ? inv.agencyAr : inv.agencyEn) ?? "";
    return respond(
      c,
      t.rating.title,
      <RatingForm t={t} action={`/rate/${c.req.param("token")}`} reference={inv.reference} agency={agency} values={{}} errors={{}} />,
    );
  });

  app.post(`/rate/:token${TOKEN}`, async (c) => {
    const lang = langOf(c);
    const t = messages(lang);
    const token = c.req.param("token");
    const form = await formFields(c);
    const r = await rate(c.var.deps.db, token, form, c.var.deps.clock.now());
    if (r.ok) {
      // Asked after saving: a poor rating is itself a ground for escalating.
      const e = await complaintEligibilityById(c.var.deps, r.complaintId);
      return respond(
        c,
        t.rating.thanks,
        <RatingThanks t={t} reference={r.reference} escalation={escalationView(e, dateText(c.var.deps.calendar, lang))} />,
      );
    }
    if (r.error === "link_invalid") return respond(c, t.rating.invalidTitle, <RatingLinkInvalid t={t} />, refusalStatus(r.error));
    const inv = await openInvitation(c.var.deps.db, token, c.var.deps.clock.now());
    const errors = Object.fromEntries(Object.entries(r.fields).map(([k, code]) => [k, errorText(t, code)]));
    return respond(
      c,
      t.rating.title,
      <RatingForm
        t={t}
        action={`/rate/${token}`}
        reference={inv?.reference ?? ""}
        agency={(lang === "ar" ? inv?.agencyAr : inv?.agencyEn) ?? ""}
        values={form}
        errors={errors}
      />,
      422,
    );
  });
  return app;
}
