import type { Context } from "hono";
import { z } from "zod";
import { createRouter, type AppEnv } from "../app-env.ts";
import { hasRole } from "../auth/roles.ts";
import { createApiClient, listApiClients, recentApiUses, revokeApiClient } from "../api-clients/store.ts";
import { directoryNames, inLang } from "../directory/names.ts";
import { fieldErrors, westernDigits } from "../fields.ts";
import { fieldTexts } from "../../views/i18n/errors.ts";
import { messages } from "../../views/i18n/index.ts";
import { ApiKeysPage } from "../../views/pages/admin/api-keys.tsx";
import { AgencyApiDocsPage } from "../../views/pages/agency-api-docs.tsx";
import { langOf } from "./context.ts";
import { dateText } from "./dates.ts";
import { formFields, respond } from "./respond.tsx";

// The agency API's browser pages (issue 18): its documentation for anyone, and the
// administrator's keys (make one, shown once; list; revoke; the latest uses). The keys
// page is an ordinary form page: the CSRF check and the session apply as everywhere.

// Non-admins get the same 404 as a missing page, as in the rest of the admin portal.
async function requireAdmin(c: Context<AppEnv>, next: () => Promise<void>) {
  if (!c.var.staff || !hasRole(c.var.staff, "admin")) return c.notFound();
  await next();
}

const newKey = z.object({
  agency: z.string({ error: "agency_unknown" }).min(1, "agency_unknown"),
  name: z.string({ error: "required" }).trim().min(2, "required").max(100, "too_long"),
  rateLimit: z.preprocess(
    (v) => (typeof v === "string" ? westernDigits(v).trim() || "120" : (v ?? "120")),
    z.coerce
      .number({ error: "rate_limit_invalid" })
      .int("rate_limit_invalid")
      .min(1, "rate_limit_invalid")
      .max(10_000, "rate_limit_invalid"),
  ),
});

async function page(
  c: Context<AppEnv>,
  extra: Omit<Parameters<typeof ApiKeysPage>[0], "t" | "agencies" | "keys" | "uses" | "dates"> = {},
  status: 200 | 404 | 422 = 200,
) {
  const lang = langOf(c);
  const t = messages(lang);
  const db = c.var.deps.db;
  const [names, keys, uses] = await Promise.all([directoryNames(db), listApiClients(db), recentApiUses(db)]);
  const agencyName = (code: string | null) => {
    const a = code ? names.agency(code) : null;
    return a ? inLang(a, lang) : (code ?? "");
  };
  return respond(
    c,
    t.apiKeys.title,
    <ApiKeysPage
      t={t}
      agencies={names.agencies.filter((a) => a.active).map((a) => ({ code: a.code, name: inLang(a, lang) }))}
      keys={keys
        .filter((k) => k.kind === "agency")
        .map((k) => ({
          id: k.id,
          prefix: k.prefix,
          name: k.name,
          agencyCode: k.agencyCode,
          agencyName: agencyName(k.agencyCode),
          rateLimit: k.rateLimit,
          createdAt: k.createdAt,
          lastUsedAt: k.lastUsedAt,
          revokedAt: k.revokedAt,
        }))}
      uses={uses}
      dates={dateText(c.var.deps.calendar, lang)}
      {...extra}
    />,
    status,
  );
}

export function apiKeyAdminRoutes() {
  const app = createRouter();

  app.get("/api/agency/docs", (c) => {
    const t = messages(langOf(c));
    return respond(c, t.apiDocs.title, <AgencyApiDocsPage t={t} origin={new URL(c.var.deps.publicUrl).origin} />);
  });

  app.use("/admin/api-keys", requireAdmin);
  app.use("/admin/api-keys/*", requireAdmin);

  app.get("/admin/api-keys", (c) => page(c));

  app.post("/admin/api-keys", async (c) => {
    const t = messages(langOf(c));
    const form = await formFields(c);
    const parsed = newKey.safeParse(form);
    const names = await directoryNames(c.var.deps.db);
    const errors = parsed.success ? {} : fieldErrors(parsed.error);
    if (parsed.success && !names.agencies.some((a) => a.active && a.code === parsed.data.agency)) errors.agency = "agency_unknown";
    if (!parsed.success || Object.keys(errors).length) return page(c, { values: form, errors: fieldTexts(t, errors) }, 422);
    const { client, key } = await createApiClient(
      c.var.deps.db,
      {
        kind: "agency",
        agencyCode: parsed.data.agency,
        name: parsed.data.name,
        rateLimit: parsed.data.rateLimit,
        createdBy: c.var.staff!.id,
      },
      c.var.deps.clock.now(),
    );
    return page(c, { created: { name: client.name, key } });
  });

  app.post("/admin/api-keys/:id{[0-9a-f-]{36}}/revoke", async (c) => {
    const t = messages(langOf(c));
    const id = c.req.param("id");
    const key = (await listApiClients(c.var.deps.db)).find((k) => k.id === id && k.kind === "agency");
    if (!key) return c.notFound();
    const done = await revokeApiClient(c.var.deps.db, id, c.var.staff!.id, c.var.deps.clock.now());
    return done ? page(c, { notice: t.apiKeys.revoked(key.prefix) }) : page(c, {});
  });

  return app;
}
