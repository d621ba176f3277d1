import type { Context } from "hono";
import { createRouter, type AppEnv } from "../app-env.ts";
import { hasRole } from "../auth/roles.ts";
import { directoryNames, inLang } from "../directory/names.ts";
import { refusalStatus, type RefusalStatus } from "../refusals.ts";
import { messages } from "../../views/i18n/index.ts";
import { errorText, refusalText } from "../../views/i18n/errors.ts";
import { WebhooksPage, type WebhooksPageProps } from "../../views/pages/admin/webhooks.tsx";
import { registerEndpoint } from "../webhooks/register.ts";
import { disableEndpoint, endpointById, listEndpoints, queuePing, recentDeliveries, resendDelivery } from "../webhooks/store.ts";
import { langOf } from "./context.ts";
import { dateText } from "./dates.ts";
import { respond } from "./respond.tsx";
import { requireStaff } from "./staff/guard.ts";

// The webhooks admin page (issue 18 item 3): admins register an agency's endpoint
// (the secret shown once), disable it, send it a test delivery, and send a dead
// delivery again. Every answer is the whole section, for htmx to swap or as a page.

async function requireAdmin(c: Context<AppEnv>, next: () => Promise<void>) {
  if (!c.var.staff) return requireStaff(c, next);
  if (!hasRole(c.var.staff, "admin")) return c.notFound();
  await next();
}

type Extra = Pick<WebhooksPageProps, "values" | "errors" | "alert" | "notice" | "secret">;

async function page(c: Context<AppEnv>, extra: Extra = {}, status: 200 | RefusalStatus = 200) {
  const lang = langOf(c);
  const t = messages(lang);
  const db = c.var.deps.db;
  const [names, endpoints, deliveries] = await Promise.all([directoryNames(db), listEndpoints(db), recentDeliveries(db)]);
  const agencyName = (code: string) => {
    const a = names.agency(code);
    return a ? inLang(a, lang) : code;
  };
  const byId = new Map(endpoints.map((e) => [e.id, e]));
  return respond(
    c,
    t.webhooksAdmin.title,
    <WebhooksPage
      t={t}
      agencies={names.agencies.filter((a) => a.active).map((a) => ({ code: a.code, name: inLang(a, lang) }))}
      endpoints={endpoints.map((e) => ({ ...e, agencyName: agencyName(e.agencyCode) }))}
      deliveries={deliveries.map((d) => ({
        ...d,
        endpointUrl: byId.get(d.endpointId)?.url ?? d.endpointId,
        resendable: byId.get(d.endpointId)?.active ?? false,
      }))}
      dates={dateText(c.var.deps.calendar, lang)}
      {...extra}
    />,
    status,
  );
}

const UUID = "{[0-9a-f-]{36}}";

export function webhooksAdminRoutes() {
  const app = createRouter();
  app.use("/admin/webhooks", requireAdmin);
  app.use("/admin/webhooks/*", requireAdmin);

  app.get("/admin/webhooks", (c) => page(c));

  app.post("/admin/webhooks", async (c) => {
    const t = messages(langOf(c));
    const body = await c.req.parseBody({ all: true }).catch(() => ({}) as Record<string, unknown>);
    const one = (k: string) => (typeof body[k] === "string" ? (body[k] as string) : "");
    const raw = body.events;
    const events = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter((x): x is string => typeof x === "string");
    const values = { agency: one("agency"), url: one("url"), events };
    const r = await registerEndpoint(
      c.var.deps,
      { agencyCode: values.agency, url: values.url, events, createdBy: c.var.staff!.id },
      c.var.deps.clock.now(),
    );
    if (!r.ok) {
      const errors = Object.fromEntries(Object.entries(r.fields).map(([k, code]) => [k, errorText(t, code)]));
      // A refused URL is the URL field's message (the summary links to it), in the refusal's status.
      return page(c, { values, errors }, refusalStatus(r.error));
    }
    return page(c, { secret: r.secret });
  });

  app.post(`/admin/webhooks/:id${UUID}/disable`, async (c) => {
    const t = messages(langOf(c));
    const e = await endpointById(c.var.deps.db, c.req.param("id"));
    if (!e) return c.notFound();
    await disableEndpoint(c.var.deps.db, e.id, c.var.deps.clock.now());
    return page(c, { notice: t.webhooksAdmin.disabledNotice });
  });

  app.post(`/admin/webhooks/:id${UUID}/ping`, async (c) => {
    const t = messages(langOf(c));
    const e = await endpointById(c.var.deps.db, c.req.param("id"));
    if (!e) return c.notFound();
    if (!e.active) return page(c, { alert: refusalText(t, "webhook_not_resendable") }, refusalStatus("webhook_not_resendable"));
    await queuePing(c.var.deps.db, e, c.var.deps.clock.now());
    return page(c, { notice: t.webhooksAdmin.pinged });
  });

  // Fifteen digits stay exact as a JS number and inside bigint; longer ids do not exist.
  app.post("/admin/webhooks/deliveries/:id{[0-9]{1,15}}/resend", async (c) => {
    const t = messages(langOf(c));
    const ok = await resendDelivery(c.var.deps.db, Number(c.req.param("id")), c.var.deps.clock.now());
    if (!ok) return page(c, { alert: refusalText(t, "webhook_not_resendable") }, refusalStatus("webhook_not_resendable"));
    return page(c, { notice: t.webhooksAdmin.resent });
  });

  return app;
}
