import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { staffRoles, staffUsers } from "../../schema/index.ts";
import type { SettableClock } from "../../server/clock.ts";
import { createStaff } from "../../server/auth/staff.ts";
import { totpCode } from "../../server/auth/totp.ts";
import { loadDirectory } from "../../server/directory/load.ts";
import { syncDirectory } from "../../server/directory/sync.ts";
import { DEMO_PASSWORD, demoTotpKey, seedDemo } from "../../server/demo/seed.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { sampleFiles, writeDirectory } from "../support/directory-fixture.ts";
import { testApp } from "../support/app.ts";
import { Browser } from "../support/http.ts";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  const files = sampleFiles();
  (files["LOCAL.json"] as any).staffTotp = "required";
  await syncDirectory(database.db, await loadDirectory(await writeDirectory(files)));
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  await database.db.execute(sql`truncate staff_users, staff_roles, staff_invites, sessions, rate_limits cascade`);
});

async function invite(h: ReturnType<typeof testApp>, email: string, roles: { role: any; agencyCode: string | null }[]) {
  const r = await createStaff(database.db, { email, fullName: "Test Person", roles }, h.deps.clock.now());
  if (!r.ok) throw new Error(r.error);
  return `/staff/set-password/${r.inviteToken}`;
}

async function setPassword(b: Browser, link: string) {
  const res = await b.post(link, { password: "staff password 1", passwordConfirm: "staff password 1" });
  expect(res.status).toBe(200);
  const html = await res.text();
  const key = /data-testid="totp-key">([A-Z2-7]+)</.exec(html)?.[1];
  return key ? decodeBase32IgnorePadding(key) : null;
}

describe("staff sign-in", () => {
  it("a national-unit member sets a password from the link, gets a TOTP key once, and signs in with the code", async () => {
    const h = testApp(database);
    const b = new Browser(h.app);
    const link = await invite(h, "Analyst@Unit.example", [{ role: "analyst", agencyCode: null }]);
    expect((await b.get(link)).status).toBe(200);
    const key = await setPassword(b, link);
    expect(key).not.toBeNull();
    // The link works once.
    expect((await b.get(link)).status).toBe(410);
    expect((await b.post(link, { password: "another one 123", passwordConfirm: "another one 123" })).status).toBe(410);

    const noCode = await b.post("/staff/signin", { email: "analyst@unit.example", password: "staff password 1" });
    expect(noCode.status).toBe(401);
    expect(await noCode.text()).toContain("أدخل رمز التحقق من تطبيق المصادقة");
    const wrong = await b.post("/staff/signin", {
      email: "analyst@unit.example",
      password: "staff password 1",
      totp: "000000" === totpCode(key!, h.deps.clock.now()) ? "111111" : "000000",
    });
    expect(wrong.status).toBe(401);
    const ok = await b.post("/staff/signin", {
      email: "analyst@unit.example",
      password: "staff password 1",
      totp: totpCode(key!, h.deps.clock.now()),
    });
    expect(ok.status).toBe(303);
    expect(b.cookie("hub_staff_session")).toBeTruthy();
    expect(b.cookie("hub_session")).toBeUndefined();
    const home = await (await b.get("/staff")).text();
    expect(home).toContain("محلل التقارير");
    // The key is stored sealed, not in clear.
    const [row] = await database.db.select().from(staffUsers).where(eq(staffUsers.email, "analyst@unit.example"));
    expect(row!.totpKeyEnc).not.toContain(Buffer.from(key!).toString("base64"));
  });

  it("a liaison officer of an agency that does not require TOTP signs in with the password alone", async () => {
    const h = testApp(database);
    const b = new Browser(h.app);
    expect(await setPassword(b, await invite(h, "liaison@roads.example", [{ role: "liaison", agencyCode: "ROADS" }]))).toBeNull();
    expect((await b.post("/staff/signin", { email: "liaison@roads.example", password: "staff password 1" })).status).toBe(303);
  });

  it("an agency that requires TOTP gets it for its liaison officers too", async () => {
    const h = testApp(database);
    const b = new Browser(h.app);
    const key = await setPassword(b, await invite(h, "liaison@local.example", [{ role: "liaison", agencyCode: "LOCAL" }]));
    expect(key).not.toBeNull();
    // The password alone is refused: no session is opened without the code.
    const passwordOnly = new Browser(h.app);
    expect((await passwordOnly.post("/staff/signin", { email: "liaison@local.example", password: "staff password 1" })).status).toBe(401);
    expect(passwordOnly.cookie("hub_staff_session")).toBeUndefined();
    expect((await passwordOnly.get("/staff")).status).toBe(303);
    const withCode = new Browser(h.app);
    expect(
      (
        await withCode.post("/staff/signin", {
          email: "liaison@local.example",
          password: "staff password 1",
          totp: totpCode(key!, h.deps.clock.now()),
        })
      ).status,
    ).toBe(303);
  });

  it("a deactivated member of staff loses their sessions and cannot sign in", async () => {
    const h = testApp(database);
    const staff = new Browser(h.app);
    await setPassword(staff, await invite(h, "liaison@roads.example", [{ role: "liaison", agencyCode: "ROADS" }]));
    await staff.post("/staff/signin", { email: "liaison@roads.example", password: "staff password 1" });
    expect((await staff.get("/staff")).status).toBe(200);

    const admin = new Browser(h.app);
    const key = await setPassword(admin, await invite(h, "admin@unit.example", [{ role: "admin", agencyCode: null }]));
    await admin.post("/staff/signin", {
      email: "admin@unit.example",
      password: "staff password 1",
      totp: totpCode(key!, h.deps.clock.now()),
    });
    const [u] = await database.db.select().from(staffUsers).where(eq(staffUsers.email, "liaison@roads.example"));
    const res = await admin.post(`/admin/staff/${u!.id}/deactivate`, {}, { htmx: true });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("موقوف");
    expect((await staff.get("/staff")).status).toBe(303);
    expect((await staff.post("/staff/signin", { email: "liaison@roads.example", password: "staff password 1" })).status).toBe(401);
  });

  it("the staff session ends after 15 idle minutes", async () => {
    const h = testApp(database);
    const b = new Browser(h.app);
    await setPassword(b, await invite(h, "liaison@roads.example", [{ role: "liaison", agencyCode: "ROADS" }]));
    await b.post("/staff/signin", { email: "liaison@roads.example", password: "staff password 1" });
    (h.deps.clock as SettableClock).advance(14 * 60_000);
    expect((await b.get("/staff")).status).toBe(200);
    (h.deps.clock as SettableClock).advance(15 * 60_000 + 1);
    const res = await b.get("/staff");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/staff/signin?next=%2Fstaff");
  });
});

describe("admin portal", () => {
  async function signedInAdmin(h: ReturnType<typeof testApp>) {
    const b = new Browser(h.app);
    const key = await setPassword(b, await invite(h, "admin@unit.example", [{ role: "admin", agencyCode: null }]));
    await b.post("/staff/signin", { email: "admin@unit.example", password: "staff password 1", totp: totpCode(key!, h.deps.clock.now()) });
    return b;
  }

  it("is not there for a liaison officer", async () => {
    const h = testApp(database);
    const b = new Browser(h.app);
    await setPassword(b, await invite(h, "liaison@roads.example", [{ role: "liaison", agencyCode: "ROADS" }]));
    await b.post("/staff/signin", { email: "liaison@roads.example", password: "staff password 1" });
    expect((await b.get("/admin/staff")).status).toBe(404);
    expect((await b.post("/admin/staff", { email: "x@y.example", fullName: "X", role: "admin" })).status).toBe(404);
  });

  it("creates a member of staff whose one-time link works once", async () => {
    const h = testApp(database);
    const admin = await signedInAdmin(h);
    const res = await admin.post(
      "/admin/staff",
      { email: "new@roads.example", fullName: "New Officer", role: "liaison", agency: "ROADS" },
      { htmx: true },
    );
    expect(res.status).toBe(200);
    const link = /data-testid="invite-link">([^<]+)</.exec(await res.text())![1]!;
    expect(link).toMatch(/^http:\/\/localhost\/staff\/set-password\/[a-z2-7]{48}$/);
    const path = new URL(link).pathname;
    const b = new Browser(h.app);
    await setPassword(b, path);
    expect((await b.get(path)).status).toBe(410);
    expect((await b.post("/staff/signin", { email: "new@roads.example", password: "staff password 1" })).status).toBe(303);
  });

  it("refuses an agency role without an agency, and a duplicate email, with translated messages", async () => {
    const h = testApp(database);
    const admin = await signedInAdmin(h);
    await admin.get("/lang/en");
    const noAgency = await admin.post("/admin/staff", { email: "a@b.example", fullName: "A", role: "liaison", agency: "" }, { htmx: true });
    expect(noAgency.status).toBe(422);
    expect(await noAgency.text()).toContain("This role needs an agency.");
    const dup = await admin.post("/admin/staff", { email: "admin@unit.example", fullName: "A", role: "analyst" }, { htmx: true });
    expect(dup.status).toBe(422);
    expect(await dup.text()).toContain("already belongs to another staff account");
  });

  it("edits roles: adds one, keeps the checked ones, and never stores a duplicate", async () => {
    const h = testApp(database);
    const admin = await signedInAdmin(h);
    await createStaff(
      database.db,
      { email: "multi@roads.example", fullName: "M", roles: [{ role: "liaison", agencyCode: "ROADS" }] },
      h.deps.clock.now(),
    );
    const [u] = await database.db.select().from(staffUsers).where(eq(staffUsers.email, "multi@roads.example"));
    const res = await admin.post(
      `/admin/staff/${u!.id}/roles`,
      { keep: "liaison:ROADS", addRole: "agency_supervisor", addAgency: "LOCAL" },
      { htmx: true },
    );
    expect(res.status).toBe(200);
    const both = await database.db.select().from(staffRoles).where(eq(staffRoles.staffId, u!.id));
    expect(both.map((r) => `${r.role}:${r.agencyCode}`).sort()).toEqual(["agency_supervisor:LOCAL", "liaison:ROADS"]);
    const again = await admin.post(
      `/admin/staff/${u!.id}/roles`,
      { keep: "liaison:ROADS", addRole: "liaison", addAgency: "ROADS" },
      { htmx: true },
    );
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('value="liaison:ROADS" checked');
    const roles = await database.db.select().from(staffRoles).where(eq(staffRoles.staffId, u!.id));
    expect(roles.map((r) => `${r.role}:${r.agencyCode}`)).toEqual(["liaison:ROADS"]);
    expect(
      (await admin.post(`/admin/staff/00000000-0000-4000-8000-00000000dead/roles`, { addRole: "analyst" }, { htmx: true })).status,
    ).toBe(404);
  });
});

describe("demo mode", () => {
  it("creates one liaison and one supervisor per agency and one of each national role, once", async () => {
    const h = testApp(database);
    const first = await seedDemo(database.db, h.deps.secretBox);
    expect(first.staffCreated).toBe(2 * 2 + 4);
    expect(first.identities).toBe(20);
    const second = await seedDemo(database.db, h.deps.secretBox);
    expect(second.staffCreated).toBe(0);
    const b = new Browser(h.app);
    const signin = await b.post("/staff/signin", {
      email: "triage@demo.hub.example",
      password: DEMO_PASSWORD,
      totp: totpCode(demoTotpKey("triage@demo.hub.example"), h.deps.clock.now()),
    });
    expect(signin.status).toBe(303);
    const liaison = new Browser(h.app);
    // Demo liaison officers have a second factor enrolled: the code is asked for.
    expect((await liaison.post("/staff/signin", { email: "liaison.roads@demo.hub.example", password: DEMO_PASSWORD })).status).toBe(401);
    const code = totpCode(demoTotpKey("liaison.roads@demo.hub.example"), h.deps.clock.now());
    expect(
      (await liaison.post("/staff/signin", { email: "liaison.roads@demo.hub.example", password: DEMO_PASSWORD, totp: code })).status,
    ).toBe(303);
  });
});
