import { createServer, type Server } from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { and, eq, inArray, sql } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";
import { complaints, outbox } from "../../schema/index.ts";
import { CONCURRENCY } from "../../server/notify/dispatch.ts";
import type { HubProcess } from "../support/server-process.ts";
import { freePort, SLOW_TEST_TIMEOUT } from "../support/server-process.ts";
import { faultSetup, onPostgres, report, SKIP_REASON, submitOnce, until } from "../support/fault.ts";

// The SMS gateway and the mail server go away while the hub keeps queueing receipts,
// then come back: every queued message arrives, and none twice beyond those that
// were in flight when the gateway went (the outbox sends outside any transaction and
// marks each message sent on its own; the key lets a provider drop a repeat).
if (!onPostgres) console.warn(`skipped: ${SKIP_REASON}`);

/** An SMS provider's HTTP API in the test: records each message with its Idempotency-Key. */
function fakeSmsGateway(port: number) {
  const received: string[] = [];
  let server: Server | undefined;
  return {
    received,
    up: () =>
      new Promise<void>((resolve) => {
        server = createServer((req, res) => {
          let body = "";
          req.on("data", (d) => (body += d));
          req.on("end", () => {
            received.push(String(req.headers["idempotency-key"] ?? body));
            res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
          });
        });
        server.listen(port, "127.0.0.1", () => resolve());
      }),
    down: () =>
      new Promise<void>((resolve) => {
        if (!server) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
        server = undefined;
      }),
  };
}

function fakeSmtp(port: number) {
  const received: string[] = [];
  let server: SMTPServer | undefined;
  return {
    received,
    up: () =>
      new Promise<void>((resolve) => {
        server = new SMTPServer({
          authOptional: true,
          disabledCommands: ["STARTTLS"],
          logger: false,
          onData(stream, _session, callback) {
            simpleParser(stream).then((mail) => {
              received.push(String(mail.headers.get("x-idempotency-key")));
              callback();
            }, callback);
          },
        });
        server.listen(port, "127.0.0.1", () => resolve());
      }),
    down: () =>
      new Promise<void>((resolve) => {
        if (!server) return resolve();
        server.close(() => resolve());
        server = undefined;
      }),
  };
}

let setup: Awaited<ReturnType<typeof faultSetup>> | undefined;
let hub: HubProcess | undefined;
let sms: ReturnType<typeof fakeSmsGateway> | undefined;
let smtp: ReturnType<typeof fakeSmtp> | undefined;
afterAll(async () => {
  await hub?.stop();
  await sms?.down();
  await smtp?.down();
  await setup?.database.close();
});

describe.runIf(onPostgres)("SMS gateway and mail server down, then up", () => {
  it(
    "every queued message arrives, none twice beyond those in flight",
    async () => {
      const smsPort = await freePort();
      const smtpPort = await freePort();
      sms = fakeSmsGateway(smsPort);
      smtp = fakeSmtp(smtpPort);
      await sms.up();
      await smtp.up();
      setup = await faultSetup({
        email: "citizen.fault@example.com",
        env: { SMS_GATEWAY: "http", SMS_URL: `http://127.0.0.1:${smsPort}/send`, SMTP_URL: `smtp://127.0.0.1:${smtpPort}?ignoreTLS=true` },
      });
      const { cookie, database, citizenId, base } = setup;
      hub = await setup.start();

      const acknowledged = new Map<string, string>();
      const submit = async (key: string, by: "sms" | "email") => {
        const r = await submitOnce(base, cookie, key, by);
        expect(r.status).toBe(200);
        acknowledged.set(key, r.reference!);
      };
      const receipts = async (keys: string[]) => {
        const refs = await database.db
          .select({ reference: complaints.reference })
          .from(complaints)
          .where(and(eq(complaints.citizenId, citizenId), inArray(complaints.clientKey, keys)));
        return database.db
          .select({ key: outbox.idempotencyKey, status: outbox.status, attempts: outbox.attempts, channel: outbox.channel })
          .from(outbox)
          .where(
            and(
              eq(outbox.template, "complaint_received"),
              inArray(
                sql`${outbox.payload}->>'reference'`,
                refs.map((r) => r.reference),
              ),
            ),
          );
      };
      const arrived = () => new Set([...sms!.received, ...smtp!.received]);

      // Up: a first round goes straight through.
      const first = Array.from({ length: 10 }, (_, i) => `fault-gateway-up-${i}`);
      await Promise.all(first.map((k, i) => submit(k, i % 2 ? "email" : "sms")));
      await until("the first receipts to arrive", async () => {
        const rows = await receipts(first);
        return rows.length === 10 && rows.every((r) => arrived().has(r.key));
      });

      // Down: receipts queue up and fail their first attempt.
      await sms.down();
      await smtp.down();
      const second = Array.from({ length: 10 }, (_, i) => `fault-gateway-down-${i}`);
      await Promise.all(second.map((k, i) => submit(k, i % 2 ? "email" : "sms")));
      await until("each receipt to have failed an attempt while the gateways are down", async () => {
        const rows = await receipts(second);
        return rows.length === 10 && rows.every((r) => r.attempts >= 1 && r.status === "pending");
      });
      const arrivedWhileDown = second.length - (await receipts(second)).filter((r) => !arrived().has(r.key)).length;
      expect(arrivedWhileDown).toBe(0);

      // Up again: the retries deliver them (the first retry comes 30 s after the failure).
      await sms.up();
      await smtp.up();
      const all = [...first, ...second];
      await until(
        "every receipt to arrive after the gateways came back",
        async () => {
          const rows = await receipts(all);
          return rows.length === 20 && rows.every((r) => r.status === "sent" && arrived().has(r.key));
        },
        180_000,
      );

      const rows = await receipts(all);
      const queued = new Set(rows.map((r) => r.key));
      const deliveries = [...sms.received, ...smtp.received].filter((k) => queued.has(k));
      const distinct = new Set(deliveries);
      const lost = [...queued].filter((k) => !distinct.has(k)).length;
      const sentTwice = deliveries.length - distinct.size;
      const inFlight = CONCURRENCY.sms + CONCURRENCY.email;
      report(
        "SMS gateway and SMTP down then up",
        { acknowledged: acknowledged.size, stored: queued.size, lost, sentTwice },
        `in_flight_max=${inFlight}`,
      );
      expect(queued.size).toBe(20);
      expect(lost).toBe(0);
      expect(sentTwice).toBeLessThanOrEqual(inFlight);
      expect(hub.child.exitCode).toBeNull();
    },
    SLOW_TEST_TIMEOUT * 2,
  );
});
