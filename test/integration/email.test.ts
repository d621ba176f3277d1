import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import type { ParsedMail } from "mailparser";
import { outbox } from "../../schema/index.ts";
import { dispatchOutbox, MAX_ATTEMPTS } from "../../server/notify/dispatch.ts";
import { smtpMailer } from "../../server/notify/mailer.ts";
import { renderEmail } from "../../server/notify/templates.ts";
import { seedDemo, DEMO_PASSWORD, demoTotpKey } from "../../server/demo/seed.ts";
import { totpCode } from "../../server/auth/totp.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { smtpCatcher, type SmtpCatcher } from "../support/smtp.ts";
import { testApp, memorySms } from "../support/app.ts";
import { Browser } from "../support/http.ts";

// Email through a real SMTP server in this process (smtp-server), read back with
// mailparser: the Arabic arrives intact, and nothing is lost while the server is down.

let database: TestDatabase;
let smtp: SmtpCatcher;
let received: ParsedMail[];
const startSmtp = () => smtp.start();
const stopSmtp = () => smtp.stop();

beforeAll(async () => {
  database = await createTestDatabase();
  smtp = await smtpCatcher();
  received = smtp.received;
});
afterAll(async () => {
  await smtp?.stop();
  await database.close();
});

let n = 0;
async function queue(template: string, payload: Record<string, unknown>, now: Date, lang: "ar" | "en" = "ar") {
  const key = `test:${template}:${++n}`;
  await database.db.insert(outbox).values({
    channel: "email",
    recipient: "citizen@example.com",
    template,
    lang,
    payload,
    idempotencyKey: key,
    nextAttemptAt: now,
    createdAt: now,
  });
  return key;
}

describe("email over SMTP", () => {
  const mailer = () => smtpMailer(smtp.url);
  const sms = memorySms();

  it("delivers an Arabic email with its subject, text, HTML and idempotency key intact", async () => {
    const now = new Date("2026-11-19T09:00:00Z");
    const key = await queue(
      "complaint_accepted",
      {
        reference: "CMP-2026-ABCDEF",
        due: "2026-11-24",
        agency: { ar: "وزارة البلديات والإسكان", en: "Ministry of Municipalities and Housing" },
      },
      now,
    );
    expect(await dispatchOutbox({ db: database.db, sms, mailer: mailer(), publicUrl: "https://hub.example" }, now)).toEqual({
      sent: 1,
      failed: 0,
    });
    const mail = received.at(-1)!;
    const expected = renderEmail(
      "complaint_accepted",
      "ar",
      { reference: "CMP-2026-ABCDEF", due: "2026-11-24", agency: { ar: "وزارة البلديات والإسكان", en: "x" } },
      { publicUrl: "https://hub.example" },
    );
    expect(mail.text).toContain("الجهة: وزارة البلديات والإسكان");
    // The reference and the date travel in Unicode isolates, the date in words with its Hijri day.
    expect(mail.subject).toBe("قبلت الجهة طلبك \u2066CMP-2026-ABCDEF\u2069");
    expect(mail.text).toContain(
      "قبلت الجهة المختصة النظر في طلبك \u2066CMP-2026-ABCDEF\u2069، وستردّ عليك قبل نهاية يوم \u2068الثلاثاء، 24 نوفمبر 2026 (14 جمادى الآخرة 1448 هـ)\u2069",
    );
    expect(mail.text).toContain("https://hub.example/complaints/CMP-2026-ABCDEF");
    expect(mail.text?.trim()).toBe(expected.text.trim());
    expect(mail.html).toContain('dir="rtl"');
    expect(mail.html).toContain('<a href="https://hub.example/complaints/CMP-2026-ABCDEF">');
    expect(mail.headers.get("x-idempotency-key")).toBe(key);
  });

  it("while the server is down the message waits with backoff, and is delivered once when it returns", async () => {
    await stopSmtp();
    const now = new Date("2026-11-19T10:00:00Z");
    const key = await queue("info_requested", { reference: "CMP-2026-GHJKMN", due: "2026-11-24" }, now);
    const before = received.length;
    expect(await dispatchOutbox({ db: database.db, sms, mailer: mailer() }, now)).toEqual({ sent: 0, failed: 1 });
    const [row] = await database.db.select().from(outbox).where(eq(outbox.idempotencyKey, key));
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row!.nextAttemptAt.getTime()).toBe(now.getTime() + 30_000);

    await startSmtp();
    // Not yet due: the backoff holds it back even though the server is up.
    expect(await dispatchOutbox({ db: database.db, sms, mailer: mailer() }, new Date(now.getTime() + 10_000))).toEqual({
      sent: 0,
      failed: 0,
    });
    expect(await dispatchOutbox({ db: database.db, sms, mailer: mailer() }, new Date(now.getTime() + 30_000))).toEqual({
      sent: 1,
      failed: 0,
    });
    expect(await dispatchOutbox({ db: database.db, sms, mailer: mailer() }, new Date(now.getTime() + 600_000))).toEqual({
      sent: 0,
      failed: 0,
    });
    const mine = received.slice(before).filter((m) => m.headers.get("x-idempotency-key") === key);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.subject).toBe("مطلوب معلومات لطلبك \u2066CMP-2026-GHJKMN\u2069");
  });

  it("after repeated failures a message is dead, listed for administrators, and sent again from the admin page", async () => {
    await stopSmtp();
    const start = new Date("2026-11-20T10:00:00Z");
    const key = await queue("complaint_closed", { reference: "CMP-2026-PQRSTV", outcome: "resolved", reopenUntil: "2026-11-25" }, start);
    let t = start.getTime();
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await dispatchOutbox({ db: database.db, sms, mailer: mailer() }, new Date(t));
      t += 3600_000 + 1; // past any backoff
    }
    const [dead] = await database.db.select().from(outbox).where(eq(outbox.idempotencyKey, key));
    expect(dead).toMatchObject({ status: "dead", attempts: MAX_ATTEMPTS });

    const h = testApp(database);
    await seedDemo(database.db, h.deps.secretBox);
    const admin = new Browser(h.app);
    const email = "admin@demo.hub.example";
    expect(
      (await admin.post("/staff/signin", { email, password: DEMO_PASSWORD, totp: totpCode(demoTotpKey(email), h.deps.clock.now()) }))
        .status,
    ).toBe(303);
    const page = await (await admin.get("/admin/outbox")).text();
    expect(page).toContain("CMP-2026-PQRSTV");
    expect(page).toContain("….com"); // the address is masked
    // Not for anyone else.
    const liaison = new Browser(h.app);
    const le = "triage@demo.hub.example"; // national unit, but not an administrator
    const ls = await liaison.post("/staff/signin", {
      email: le,
      password: DEMO_PASSWORD,
      totp: totpCode(demoTotpKey(le), h.deps.clock.now()),
    });
    expect(ls.status, await ls.clone().text()).toBe(303);
    expect((await liaison.get("/admin/outbox")).status).toBe(404);

    const retried = await admin.post(`/admin/outbox/${dead!.id}/retry`, {}, { htmx: true });
    expect(await retried.text()).toContain("أُعيدت 1 رسالة");
    await startSmtp();
    expect(await dispatchOutbox({ db: database.db, sms, mailer: mailer() }, h.deps.clock.now())).toEqual({ sent: 1, failed: 0 });
    expect(received.filter((m) => m.headers.get("x-idempotency-key") === key)).toHaveLength(1);
    const [{ deadCount }] = (await database.db
      .select({ deadCount: sql<number>`count(*)::int` })
      .from(outbox)
      .where(eq(outbox.status, "dead"))) as [{ deadCount: number }];
    expect(deadCount).toBe(0);
  });
});
