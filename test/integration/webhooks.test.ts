import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { outbox, services, webhookEndpoints } from "../../schema/index.ts";
import { submitComplaint } from "../../server/complaints/submit.ts";
import { act } from "../../server/complaints/transition.ts";
import { runSla } from "../../server/jobs/sla.ts";
import { backoffMs, dispatchOutbox, MAX_ATTEMPTS } from "../../server/notify/dispatch.ts";
import { verifyWebhook } from "../../server/webhooks/signature.ts";
import { pinnedSender, systemResolver, type WebhookDeps } from "../../server/webhooks/send.ts";
import { WEBHOOK_EVENTS } from "../../server/webhooks/events.ts";
import { hubFixture, type HubFixture } from "../support/hub-fixture.ts";
import { demoStaff } from "../support/sessions.ts";
import type { Browser } from "../support/http.ts";

// Webhooks end to end (issue 18 item 3): a REAL receiver (node:http on 127.0.0.1) checks
// every signature and timestamp against the hub's clock; it answers 503, then is closed,
// then comes back, and every event arrives exactly once. The clock is moved past each
// backoff and the dispatcher awaited: no sleeping. The hub runs with PUBLIC_URL on plain
// http, so loopback receivers are allowed (the development exception); the names below
// are answered by a fake DNS to test the SSRF guard.

const fakeDns: Record<string, string[]> = {
  "inside.test": ["10.0.0.5"],
  "public.test": ["203.0.113.10"],
  "mixed.test": ["203.0.113.10", "169.254.169.254"],
};
const webhooks: WebhookDeps = {
  // The real node:http sender: the deliveries cross a real socket.
  send: pinnedSender({ publicUrlHttps: false, allowPrivate: false }),
  resolve: async (host) => {
    if (host.endsWith(".invalid")) throw new Error("ENOTFOUND");
    return fakeDns[host] ?? systemResolver(host);
  },
  allowPrivate: false,
  timeoutMs: 5000,
};
const hub = hubFixture({ webhooks });
let { database, h, citizenId, staff } = {} as HubFixture;
const clock = hub.clock;

interface Received {
  path: string;
  id: string;
  type: string;
  data: Record<string, unknown>;
  answered: number;
  verified: boolean;
}
const received: Received[] = [];
const secrets = new Map<string, string>();
let mode: "up" | "down" = "up";
let server: Server;
let port = 0;

function listen(): Promise<void> {
  server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const secret = secrets.get(req.url ?? "") ?? "";
      const check = verifyWebhook(
        secret,
        { timestamp: req.headers["hub-webhook-timestamp"] as string, signature: req.headers["hub-webhook-signature"] as string },
        body,
        clock().now(),
      );
      const parsed = JSON.parse(body) as { id: string; type: string; data: Record<string, unknown> };
      const answered = !check.ok ? 400 : mode === "down" ? 503 : 204;
      received.push({ path: req.url ?? "", id: parsed.id, type: parsed.type, data: parsed.data, answered, verified: check.ok });
      expect(req.headers["hub-webhook-id"]).toBe(parsed.id);
      res.statusCode = answered;
      res.end();
    });
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => ((port = (server.address() as AddressInfo).port), resolve())));
}
const close = () => new Promise<void>((resolve) => server.close(() => resolve()));

beforeAll(async () => {
  ({ database, h, citizenId, staff } = hub);
  await listen();
});
afterAll(async () => {
  if (server.listening) await close();
});

const dispatch = () =>
  dispatchOutbox(
    {
      db: database.db,
      sms: h.sms,
      mailer: { send: async () => {} },
      webhooks: { ...webhooks, secretBox: h.deps.secretBox, publicUrlHttps: false },
    },
    clock().now(),
  );
/** Runs the dispatcher until nothing is due (the citizen's and officers' messages share its batches). */
async function drain() {
  const total = { sent: 0, failed: 0 };
  for (;;) {
    const r = await dispatch();
    total.sent += r.sent;
    total.failed += r.failed;
    if (r.sent + r.failed === 0) return total;
  }
}
const later = (ms: number) => clock().set(new Date(clock().now().getTime() + ms));

let n = 0;
async function file(service: string) {
  const [agencyCode, serviceCode] = service.split("/");
  const r = await submitComplaint(h.deps, citizenId, {
    kind: "complaint",
    text: "حفرة كبيرة في الشارع أمام المدرسة تسبب حوادث للسيارات",
    city: "riyadh",
    agencyCode,
    serviceCode,
    notifyBy: "sms",
    clientKey: `webhooks-${++n}-${Math.random()}`,
  });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.reference;
}
async function firstService(agency: string) {
  const [svc] = await database.db.select({ code: services.code }).from(services).where(eq(services.agencyCode, agency));
  return `${agency}/${svc!.code}`;
}
const ok = (r: { ok: boolean }) => expect(r.ok, JSON.stringify(r)).toBe(true);

/** Registers an endpoint through the admin page; returns the answer and the secret shown once. */
async function register(admin: Browser, agency: string, url: string, events: readonly string[] = WEBHOOK_EVENTS) {
  const fields: [string, string][] = [["agency", agency], ["url", url], ...events.map((e): [string, string] => ["events", e])];
  const body = new URLSearchParams(fields).toString();
  const res = await admin.send("/admin/webhooks", body, "application/x-www-form-urlencoded");
  const html = await res.text();
  return { res, html, secret: /data-testid="webhook-secret"[\s\S]*?<code>([^<]+)<\/code>/.exec(html)?.[1] };
}
const endpointOf = async (url: string) => (await database.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.url, url)))[0]!;
const rowsOf = async (endpointId: string) =>
  database.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.channel, "webhook"), eq(outbox.recipient, endpointId)))
    .orderBy(outbox.id);

// One story in steps (each test picks up the data, the clock and the outbox the one before
// left): CI's shuffle still reorders the files, each on its own database, but not these steps.
describe("webhooks", { shuffle: false }, () => {
  let a: { id: string; path: string };
  let b: { id: string; path: string };
  // The two endpoints the other tests deliver to, registered through the admin page by
  // whichever test runs first (CI shuffles the order), once.
  let registering: Promise<void> | undefined;
  const registered = () => (registering ??= registerBoth());
  async function registerBoth() {
    const admin = await staff("admin");
    for (const [agency, path] of [
      ["MOMAH", "/a"],
      ["MOJ", "/b"],
    ] as const) {
      const url = `http://127.0.0.1:${port}${path}`;
      const r = await register(admin, agency, url);
      expect(r.res.status, r.html).toBe(200);
      expect(r.secret).toMatch(/^whsec_/);
      secrets.set(path, r.secret!);
      const e = await endpointOf(url);
      expect(e).toMatchObject({ agencyCode: agency, active: true, events: [...WEBHOOK_EVENTS] });
      expect(JSON.stringify(e)).not.toContain(r.secret);
      if (agency === "MOMAH") a = { id: e.id, path };
      else b = { id: e.id, path };
    }
  }

  it("an admin registers an endpoint per agency; the secret is shown once and kept sealed", async () => {
    await registered();
    const admin = await staff("admin");
    const page = await (await admin.get("/admin/webhooks")).text();
    expect(page).toContain(`http://127.0.0.1:${port}/a`);
    // Shown once: the list never carries a secret.
    expect(page).not.toContain(secrets.get("/a"));
    expect(page).not.toContain("webhook-secret");
  });

  it("refuses private, plain-http, metadata and unknown targets with a translated 4xx, and is for admins only", async () => {
    await registered();
    const admin = await staff("admin");
    const stored = (await database.db.select().from(webhookEndpoints)).length;
    const cases = [
      ["https://inside.test/hook", "يشير هذا العنوان إلى شبكة داخلية أو خاصة"],
      ["https://mixed.test/hook", "يشير هذا العنوان إلى شبكة داخلية أو خاصة"],
      ["http://public.test/hook", "يجب أن يبدأ العنوان بـ"],
      ["https://nowhere.invalid/hook", "تعذّر العثور على هذا الاسم"],
      ["https://user:pw@public.test/hook", "أدخل عنوانًا كاملًا"],
      ["not a url", "أدخل عنوانًا كاملًا"],
    ];
    for (const [url, text] of cases) {
      const r = await register(admin, "MOMAH", url!);
      expect(r.res.status, url).toBe(422);
      expect(r.html, url).toContain(text);
      expect(r.secret).toBeUndefined();
    }
    const noEvents = await register(admin, "MOMAH", "https://public.test/hook", []);
    expect(noEvents.res.status).toBe(422);
    expect((await register(admin, "NOPE", "https://public.test/hook")).res.status).toBe(422);
    expect(await database.db.select().from(webhookEndpoints)).toHaveLength(stored);
    // Not an admin: the same 404 as a missing page.
    const officer = await staff("liaison.momah");
    expect((await officer.get("/admin/webhooks")).status).toBe(404);
    expect((await officer.send("/admin/webhooks", "agency=MOMAH&url=x", "application/x-www-form-urlencoded")).status).toBe(404);
  });

  it("queues every agency event in its transaction, retries through a 503 and a closed receiver, and delivers each exactly once", async () => {
    await registered();
    mode = "down";
    const officer = { kind: "staff" as const, staff: await demoStaff(database.db, "liaison.momah") };
    const aisha = { kind: "citizen" as const, id: citizenId };
    // Routed at intake (the one-statement write), answered, reopened, followed up, transferred in.
    const routed = await file("MOMAH/ROADS_POTHOLES");
    const asked = await file("MOMAH/ROADS_POTHOLES");
    ok(await act(h.deps, officer, asked, null, { action: "accept", days: 3, reason: undefined }));
    ok(await act(h.deps, officer, asked, null, { action: "request_info", message: "أرسل صورة للحفرة من فضلك" }));
    ok(await act(h.deps, aisha, asked, null, { action: "answer", text: "الصورة مرفقة والموقع أمام المدرسة" }));
    const closed = await file("MOMAH/ROADS_POTHOLES");
    ok(await act(h.deps, officer, closed, null, { action: "accept", days: 3, reason: undefined }));
    ok(await act(h.deps, officer, closed, null, { action: "close", outcome: "resolved", resolution: "رُدمت الحفرة وأعيد الرصف" }));
    ok(await act(h.deps, aisha, closed, null, { action: "reopen", reason: "الحفرة عادت بعد يومين من الردم" }));
    const working = await file("MOMAH/ROADS_POTHOLES");
    ok(await act(h.deps, officer, working, null, { action: "accept", days: 3, reason: undefined }));
    const reviewer = { kind: "staff" as const, staff: await demoStaff(database.db, "reviewer") };
    ok(await act(h.deps, reviewer, working, null, { action: "push_back", note: "نرجو الإفادة بموعد الإصلاح النهائي", days: 2 }));
    const moved = await file(await firstService("HRSD"));
    const triage = { kind: "staff" as const, staff: await demoStaff(database.db, "triage") };
    ok(await act(h.deps, triage, moved, null, { action: "transfer", to: "MOMAH/ROADS_POTHOLES", reason: "يخص البلدية", override: false }));
    // MOJ's complaint goes to MOJ's endpoint only.
    const court = await file("MOJ/COURT_CASES");
    // Nobody decides on `routed`: days later the SLA job escalates it (complaint.escalated).
    later(10 * 86400_000);
    await runSla(h.deps);

    const rowsA = await rowsOf(a.id);
    const types = new Set(rowsA.map((r) => r.template));
    for (const t of WEBHOOK_EVENTS) expect(types.has(t), t).toBe(true);
    expect(rowsA.find((r) => r.template === "complaint.routed" && r.payload.reference === routed)).toBeTruthy();
    expect(rowsA.find((r) => r.template === "complaint.escalated" && r.payload.reference === routed)).toBeTruthy();
    expect(rowsA.find((r) => r.template === "complaint.transferred_in")!.payload).toMatchObject({ reference: moved, agency: "MOMAH" });
    // No personal data and no free text in what leaves the hub.
    const sent = JSON.stringify(rowsA.map((r) => r.payload));
    for (const text of ["الحفرة عادت", "الصورة مرفقة", "نرجو الإفادة", "يخص البلدية", "+9665"]) expect(sent).not.toContain(text);
    // Agency A's events never reach B's endpoint, and B's never A's.
    expect(rowsA.every((r) => r.payload.agency === "MOMAH")).toBe(true);
    const rowsB = await rowsOf(b.id);
    expect(rowsB.map((r) => [r.template, r.payload.reference])).toContainEqual(["complaint.routed", court]);
    expect(rowsB.every((r) => r.payload.agency === "MOJ")).toBe(true);
    const total = rowsA.length + rowsB.length;

    // The receiver answers 503: every delivery fails once, and is signed all the same.
    await drain();
    expect(received.length).toBe(total);
    expect((await rowsOf(a.id)).every((r) => r.status === "pending" && r.attempts === 1)).toBe(true);
    // Not due yet: the backoff holds them back.
    later(backoffMs(1) - 1000);
    expect((await drain()).failed).toBe(0);
    expect(received.length).toBe(total);
    // The receiver is gone: connection refused, a second failed attempt.
    await close();
    later(1000);
    const refused = await drain();
    expect(refused.failed).toBe(total);
    expect(received.length).toBe(total);
    // It comes back: everything arrives.
    mode = "up";
    await listen();
    later(backoffMs(2));
    await drain();
    later(backoffMs(3));
    await drain();
    expect((await rowsOf(a.id)).every((r) => r.status === "sent")).toBe(true);
    expect((await rowsOf(b.id)).every((r) => r.status === "sent")).toBe(true);
    // And nothing more, however often the dispatcher runs.
    later(3600_000);
    await drain();

    expect(received.every((r) => r.verified)).toBe(true);
    const delivered = received.filter((r) => r.answered === 204);
    const ids = delivered.map((r) => r.id);
    expect(new Set(ids).size).toBe(total);
    expect(ids).toHaveLength(total);
    // A's path carries only MOMAH's, B's only MOJ's.
    expect(delivered.filter((r) => r.path === a.path).every((r) => r.data.agency === "MOMAH")).toBe(true);
    expect(delivered.filter((r) => r.path === b.path).map((r) => r.data.reference)).toContain(court);
    expect(delivered.filter((r) => r.path === a.path).map((r) => r.data.reference)).not.toContain(court);
  });

  it("a test delivery that keeps failing becomes a dead letter; the admin's resend delivers it with the same id", async () => {
    await registered();
    const admin = await staff("admin");
    mode = "down";
    const before = (await rowsOf(a.id)).length;
    const pinged = await admin.post(`/admin/webhooks/${a.id}/ping`, {}, { htmx: true });
    expect(pinged.status).toBe(200);
    const [ping] = (await rowsOf(a.id)).slice(before);
    expect(ping).toMatchObject({ template: "ping", status: "pending" });
    for (let i = 1; i <= MAX_ATTEMPTS; i++) {
      await drain();
      later(backoffMs(i));
    }
    const dead = (await database.db.select().from(outbox).where(eq(outbox.id, ping!.id)))[0]!;
    expect(dead).toMatchObject({ status: "dead", attempts: MAX_ATTEMPTS });
    const tries = received.filter((r) => r.type === "ping");
    expect(tries).toHaveLength(MAX_ATTEMPTS);
    expect(new Set(tries.map((r) => r.id)).size).toBe(1);
    // The clock moved hours: the helper signs in again if the session ran out.
    const admin2 = await staff("admin");
    const page = await (await admin2.get("/admin/webhooks")).text();
    expect(page).toContain(`action="/admin/webhooks/deliveries/${ping!.id}/resend"`);

    mode = "up";
    const resent = await admin2.post(`/admin/webhooks/deliveries/${ping!.id}/resend`, {}, { htmx: true });
    expect(resent.status).toBe(200);
    await dispatch();
    const last = received.at(-1)!;
    expect(last).toMatchObject({ type: "ping", answered: 204, verified: true, id: tries[0]!.id });
    expect((await database.db.select().from(outbox).where(eq(outbox.id, ping!.id)))[0]!.status).toBe("sent");
    // A delivered row cannot be sent again, nor an unknown one: a translated 409, not a 500.
    const again = await admin2.post(`/admin/webhooks/deliveries/${ping!.id}/resend`, {});
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("لا يمكن إعادة إرسال هذا التسليم");
    expect((await admin2.post("/admin/webhooks/deliveries/999999999/resend", {})).status).toBe(409);
  });

  it("checks the target again at delivery time: a name that now resolves inside is not called", async () => {
    await registered();
    const admin = await staff("admin");
    fakeDns["rebind.test"] = ["203.0.113.20"];
    const r = await register(admin, "MOMAH", "https://rebind.test/hook", ["complaint.routed"]);
    expect(r.res.status, r.html).toBe(200);
    const e = await endpointOf("https://rebind.test/hook");
    fakeDns["rebind.test"] = ["10.0.0.9"];
    let called = 0;
    const counting: WebhookDeps = { ...webhooks, send: async () => ((called += 1), { status: 204 }) };
    await admin.post(`/admin/webhooks/${e.id}/ping`, {});
    await dispatchOutbox(
      {
        db: database.db,
        sms: h.sms,
        mailer: { send: async () => {} },
        webhooks: { ...counting, secretBox: h.deps.secretBox, publicUrlHttps: false },
      },
      clock().now(),
    );
    expect(called).toBe(0);
    expect((await rowsOf(e.id))[0]).toMatchObject({ status: "pending", attempts: 1 });
    // Disabled: nothing new is queued for it, and what waits becomes a dead letter at once.
    expect((await admin.post(`/admin/webhooks/${e.id}/disable`, {})).status).toBe(200);
    later(backoffMs(1));
    await dispatch();
    expect((await rowsOf(e.id))[0]).toMatchObject({ status: "dead", attempts: 2 });
    await file("MOMAH/ROADS_POTHOLES");
    expect(await rowsOf(e.id)).toHaveLength(1);
    expect((await admin.post(`/admin/webhooks/${e.id}/ping`, {})).status).toBe(409);
  });

  it("the default sender's own DNS lookup refuses an inside address (no rebinding between check and connection)", async () => {
    await registered();
    const strict = pinnedSender({ publicUrlHttps: true, allowPrivate: false });
    await expect(
      strict(`http://localhost:${port}${a.path}`, { method: "POST", headers: {}, body: "{}", signal: AbortSignal.timeout(2000) }),
    ).rejects.toThrow(/refused/);
  });
});
