import { preferenceRoutes } from "../agency/preferences.tsx";
import type { Context } from "hono";
import { encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { createRouter, type AppEnv } from "../../app-env.ts";
import { directoryNames, inLang } from "../../directory/names.ts";
import { hasRole, ROLES, type Role, type RoleGrant } from "../../auth/roles.ts";
import {
  acceptInvite,
  createStaff,
  inviteLink,
  inviteStaff,
  listStaff,
  reissueInvite,
  replaceRoles,
  setStaffActive,
  signInStaff,
  type StaffFailure,
} from "../../auth/staff.ts";
import { totpUri } from "../../auth/totp.ts";
import { DEMO_PASSWORD, demoRegistry, isDemoEmail } from "../../demo/seed.ts";
import { errorText, refusalText } from "../../../views/i18n/errors.ts";
import { messages } from "../../../views/i18n/index.ts";
import {
  AdminStaffPage,
  CreateStaffForm,
  PasswordSetPage,
  SetPasswordForm,
  StaffHome,
  StaffRow,
  StaffSigninForm,
  DemoPage,
  type AgencyOption,
} from "../../../views/pages/staff/pages.tsx";
import { langOf } from "../context.ts";
import { triageRoutes } from "./triage.tsx";
import { requireStaff } from "./guard.ts";
import { deadMessages, retryDead } from "../../notify/dead-letters.ts";
import { DeadLettersPage } from "../../../views/pages/admin/outbox.tsx";
import { dateText } from "../dates.ts";
import { inboxRoutes } from "../agency/inbox.tsx";
import { staffComplaintRoutes } from "../agency/complaint.tsx";
import { reviewRoutes } from "../agency/review.tsx";
import { apiKeyAdminRoutes } from "../api-keys-admin.tsx";
import { safeNext } from "../language.ts";
import { formFields, redirectTo, respond } from "../respond.tsx";
import { refusalStatus } from "../../refusals.ts";
import { clientIp, endSession, startSession } from "../session.ts";

function tr(c: Context<AppEnv>) {
  const lang = langOf(c);
  const t = messages(lang);
  const say = (f: StaffFailure) =>
    refusalText(t, f.error, { lang, timeZone: c.var.deps.calendar.timeZone, ...("retryAt" in f ? { retryAt: f.retryAt } : {}) });
  const fieldTexts = (f: StaffFailure) =>
    "fields" in f ? Object.fromEntries(Object.entries(f.fields).map(([k, code]) => [k, errorText(t, code)])) : {};
  return { lang, t, say, fieldTexts };
}

async function agencyOptions(c: Context<AppEnv>): Promise<AgencyOption[]> {
  const lang = langOf(c);
  const names = await directoryNames(c.var.deps.db);
  return names.agencies.map((r) => ({ code: r.code, name: inLang(r, lang) }));
}

// Non-admins get the same 404 as a missing page: the admin portal does not announce itself.
async function requireAdmin(c: Context<AppEnv>, next: () => Promise<void>) {
  if (!c.var.staff) return requireStaff(c, next);
  if (!hasRole(c.var.staff, "admin")) return c.notFound();
  await next();
}

function grantFrom(role: string | undefined, agency: string | undefined): RoleGrant | null {
  if (!role) return null;
  return { role: role as Role, agencyCode: agency || null };
}

export function staffRoutes() {
  const app = createRouter();

  app.get("/staff/signin", (c) => {
    const { t } = tr(c);
    return respond(c, t.staff.signinTitle, <StaffSigninForm t={t} next={safeNext(c.req.query("next"))} />);
  });

  app.post("/staff/signin", async (c) => {
    const { t, say } = tr(c);
    const form = await formFields(c);
    const next = safeNext(c.req.query("next") ?? "/staff");
    const r = await signInStaff(
      c.var.deps.db,
      c.var.deps.secretBox,
      { email: form.email ?? "", password: form.password ?? "", totp: form.totp },
      { ip: clientIp(c), now: c.var.deps.clock.now() },
    );
    if (r.ok) {
      await startSession(c, "staff", r.staffId);
      return redirectTo(c, next === "/" ? "/staff" : next);
    }
    const status = refusalStatus(r.error);
    return respond(c, t.staff.signinTitle, <StaffSigninForm t={t} email={form.email} next={next} alert={say(r)} />, status);
  });

  app.post("/staff/signout", async (c) => {
    await endSession(c, "staff");
    return redirectTo(c, "/staff/signin");
  });

  app.get("/staff/set-password/:token", async (c) => {
    const { t } = tr(c);
    const invite = await inviteStaff(c.var.deps.db, c.req.param("token"), c.var.deps.clock.now());
    if (!invite)
      return respond(
        c,
        t.staff.linkInvalidTitle,
        <section class="message">
          <h1>{t.staff.linkInvalidTitle}</h1>
          <p>{t.errors.invite_invalid}</p>
        </section>,
        refusalStatus("invite_invalid"),
      );
    return respond(c, t.staff.setPasswordTitle, <SetPasswordForm t={t} token={c.req.param("token")} email={invite.email} errors={{}} />);
  });

  app.post("/staff/set-password/:token", async (c) => {
    const { t, say, fieldTexts } = tr(c);
    const token = c.req.param("token");
    const form = await formFields(c);
    const invite = await inviteStaff(c.var.deps.db, token, c.var.deps.clock.now());
    const r = await acceptInvite(
      c.var.deps.db,
      c.var.deps.secretBox,
      { token, password: form.password ?? "", passwordConfirm: form.passwordConfirm ?? "" },
      c.var.deps.clock.now(),
    );
    if (!r.ok) {
      if (r.error === "invite_invalid" || !invite) {
        return respond(
          c,
          t.staff.linkInvalidTitle,
          <section class="message" id="set-password">
            <h1>{t.staff.linkInvalidTitle}</h1>
            <p>{t.errors.invite_invalid}</p>
          </section>,
          refusalStatus("invite_invalid"),
        );
      }
      return respond(
        c,
        t.staff.setPasswordTitle,
        <SetPasswordForm
          t={t}
          token={token}
          email={invite.email}
          errors={fieldTexts(r)}
          alert={r.error === "invalid" ? undefined : say(r)}
        />,
        refusalStatus(r.error),
      );
    }
    const key = r.totpKey ? encodeBase32UpperCaseNoPadding(r.totpKey) : undefined;
    return respond(
      c,
      t.staff.setPasswordTitle,
      <PasswordSetPage t={t} totpKey={key} totpUri={r.totpKey && invite ? totpUri(r.totpKey, invite.email) : undefined} />,
    );
  });

  app.get("/demo", async (c) => {
    if (!c.var.deps.demo) return c.notFound();
    const { t } = tr(c);
    const users = await listStaff(c.var.deps.db);
    const accounts = users.filter((u) => isDemoEmail(u.email)).map((u) => ({ email: u.email, roles: u.roles, totp: u.hasTotp }));
    const citizens = (await demoRegistry()).map((r) => ({
      nationalId: r.nationalId,
      name: [r.firstName, r.fatherName, r.grandfatherName, r.familyName].join(" "),
      dateOfBirth: r.dateOfBirth,
    }));
    return respond(c, t.staff.demoTitle, <DemoPage t={t} password={DEMO_PASSWORD} accounts={accounts} citizens={citizens} />);
  });

  app.use("/staff", requireStaff);
  app.get("/staff", async (c) => {
    const { t } = tr(c);
    const actor = c.var.staff!;
    const options = await agencyOptions(c);
    const agencyName = (code: string) => options.find((a) => a.code === code)?.name ?? code;
    return respond(
      c,
      t.staff.portalTitle,
      <StaffHome t={t} fullName={actor.fullName} roles={actor.roles} agencyName={agencyName} isAdmin={hasRole(actor, "admin")} />,
    );
  });

  // --- admin portal ---------------------------------------------------------
  app.use("/admin/*", requireAdmin);

  app.get("/admin/staff", async (c) => {
    const { t } = tr(c);
    return respond(
      c,
      t.staff.adminStaffTitle,
      <AdminStaffPage t={t} agencies={await agencyOptions(c)} staff={await listStaff(c.var.deps.db)} />,
    );
  });

  app.post("/admin/staff", async (c) => {
    const { t, say, fieldTexts } = tr(c);
    const form = await formFields(c);
    const options = await agencyOptions(c);
    const grant = grantFrom(form.role, form.agency);
    const r = await createStaff(
      c.var.deps.db,
      { email: form.email ?? "", fullName: form.fullName ?? "", roles: grant ? [grant] : [] },
      c.var.deps.clock.now(),
    );
    if (!r.ok) {
      return respond(
        c,
        t.staff.adminStaffTitle,
        <CreateStaffForm
          t={t}
          agencies={options}
          values={form}
          errors={fieldTexts(r)}
          alert={r.error === "invalid" ? undefined : say(r)}
        />,
        422,
      );
    }
    const created = { email: (form.email ?? "").trim().toLowerCase(), link: inviteLink(c.var.deps.publicUrl, r.inviteToken) };
    return respond(c, t.staff.adminStaffTitle, <CreateStaffForm t={t} agencies={options} values={{}} errors={{}} created={created} />);
  });

  const row = async (
    c: Context<AppEnv>,
    id: string,
    extra: { notice?: string; link?: string; alert?: string } = {},
    status: 200 | 404 | 422 = 200,
  ) => {
    const { t } = tr(c);
    const s = (await listStaff(c.var.deps.db)).find((x) => x.id === id);
    if (!s) return c.notFound();
    return respond(c, t.staff.adminStaffTitle, <StaffRow t={t} s={s} agencies={await agencyOptions(c)} {...extra} />, status);
  };

  const UUID = "{[0-9a-f-]{36}}";
  app.post(`/admin/staff/:id${UUID}/deactivate`, async (c) => {
    await setStaffActive(c.var.deps.db, c.req.param("id"), false);
    return row(c, c.req.param("id"));
  });
  app.post(`/admin/staff/:id${UUID}/reactivate`, async (c) => {
    await setStaffActive(c.var.deps.db, c.req.param("id"), true);
    return row(c, c.req.param("id"));
  });
  app.post(`/admin/staff/:id${UUID}/link`, async (c) => {
    const exists = (await listStaff(c.var.deps.db)).some((s) => s.id === c.req.param("id"));
    if (!exists) return c.notFound();
    const token = await reissueInvite(c.var.deps.db, c.req.param("id"), c.var.deps.clock.now());
    return row(c, c.req.param("id"), { link: inviteLink(c.var.deps.publicUrl, token) });
  });
  app.post(`/admin/staff/:id${UUID}/roles`, async (c) => {
    const { t, fieldTexts } = tr(c);
    const body = await c.req.parseBody({ all: true }).catch(() => ({}) as Record<string, unknown>);
    const keepRaw = body.keep;
    const keep = (Array.isArray(keepRaw) ? keepRaw : keepRaw ? [keepRaw] : []).filter((k): k is string => typeof k === "string");
    const grants: RoleGrant[] = [];
    for (const k of keep) {
      const [role, agency] = k.split(":");
      if (role && (ROLES as readonly string[]).includes(role)) grants.push({ role: role as Role, agencyCode: agency || null });
    }
    const added = grantFrom(
      typeof body.addRole === "string" ? body.addRole : undefined,
      typeof body.addAgency === "string" ? body.addAgency : undefined,
    );
    if (added) grants.push(added);
    const r = await replaceRoles(c.var.deps.db, c.req.param("id"), grants);
    if (!r.ok) return row(c, c.req.param("id"), { alert: Object.values(fieldTexts(r))[0] ?? t.errors.invalid }, 422);
    return row(c, c.req.param("id"), { notice: t.staff.rolesSaved });
  });

  app.get("/admin/outbox", async (c) => {
    const { t, lang } = tr(c);
    const { rows, total } = await deadMessages(c.var.deps.db);
    return respond(c, t.outboxAdmin.title, <DeadLettersPage t={t} rows={rows} total={total} dates={dateText(c.var.deps.calendar, lang)} />);
  });
  const retried = async (c: Context<AppEnv>, n: number) => {
    const { t, lang } = tr(c);
    const { rows, total } = await deadMessages(c.var.deps.db);
    return respond(
      c,
      t.outboxAdmin.title,
      <DeadLettersPage t={t} rows={rows} total={total} dates={dateText(c.var.deps.calendar, lang)} notice={t.outboxAdmin.retried(n)} />,
    );
  };
  app.post("/admin/outbox/retry", async (c) => retried(c, await retryDead(c.var.deps.db, c.var.deps.clock.now())));
  // Fifteen digits stay exact as a JS number and inside bigint; longer ids do not exist.
  app.post("/admin/outbox/:id{[0-9]{1,15}}/retry", async (c) =>
    retried(c, await retryDead(c.var.deps.db, c.var.deps.clock.now(), Number(c.req.param("id")))),
  );

  app.route("/", triageRoutes());
  app.route("/", inboxRoutes());
  app.route("/", staffComplaintRoutes());
  app.route("/", preferenceRoutes());
  app.route("/", reviewRoutes());
  app.route("/", apiKeyAdminRoutes());
  return app;
}
