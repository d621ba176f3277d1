import { createRouter, type AppEnv } from "../../app-env.ts";
import { loadPreferences, parsePreferences, savePreferences } from "../../notify/preferences.ts";
import { errorText } from "../../../views/i18n/errors.ts";
import { messages } from "../../../views/i18n/index.ts";
import { NotifyPreferencesForm } from "../../../views/pages/agency/preferences.tsx";
import { langOf } from "../context.ts";
import { formFields, respond } from "../respond.tsx";
import { requireStaff } from "../staff/guard.ts";

/** Liaison officers choose how they hear of new work: /staff/notifications. */
export function preferenceRoutes() {
  const app = createRouter();
  app.use("/staff/notifications", requireStaff);
  const isLiaison = (c: { var: AppEnv["Variables"] }) => c.var.staff!.roles.some((g) => g.role === "liaison");

  app.get("/staff/notifications", async (c) => {
    if (!isLiaison(c)) return c.notFound();
    const t = messages(langOf(c));
    const p = (await loadPreferences(c.var.deps.db, c.var.staff!.id))!;
    return respond(c, t.agency.prefsTitle, <NotifyPreferencesForm t={t} values={{ ...p, mobile: p.mobile ?? "" }} errors={{}} />);
  });

  app.post("/staff/notifications", async (c) => {
    if (!isLiaison(c)) return c.notFound();
    const t = messages(langOf(c));
    const form = await formFields(c);
    const parsed = parsePreferences(form);
    const values = {
      mobile: form.mobile ?? "",
      notifySms: form.notifySms === "1",
      dailyDigest: form.dailyDigest === "1",
      lang: form.lang ?? "ar",
    };
    if (!parsed.ok) {
      const errors = Object.fromEntries(Object.entries(parsed.fields).map(([k, code]) => [k, errorText(t, code)]));
      return respond(c, t.agency.prefsTitle, <NotifyPreferencesForm t={t} values={values} errors={errors} />, 422);
    }
    await savePreferences(c.var.deps.db, c.var.staff!.id, parsed.value);
    return respond(
      c,
      t.agency.prefsTitle,
      <NotifyPreferencesForm
        t={t}
        values={{ ...parsed.value, mobile: parsed.value.mobile ?? "" }}
        errors={{}}
        notice={t.agency.prefsSaved}
      />,
    );
  });
  return app;
}
