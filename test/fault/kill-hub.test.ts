import { afterAll, describe, expect, it } from "vitest";
import { and, eq, inArray, sql } from "drizzle-orm";
import { complaints, outbox } from "../../schema/index.ts";
import type { HubProcess } from "../support/server-process.ts";
import { SLOW_TEST_TIMEOUT } from "../support/server-process.ts";
import { countStored, faultSetup, onPostgres, report, SKIP_REASON, submitOnce, until } from "../support/fault.ts";

// kill -9 of the hub process while 20 citizens submit at once, then a restart: every
// complaint the hub acknowledged is stored, and a client retrying its request (same
// clientKey) after the crash gets the one complaint, not a second.
if (!onPostgres) console.warn(`skipped: ${SKIP_REASON}`);

let setup: Awaited<ReturnType<typeof faultSetup>> | undefined;
let hub: HubProcess | undefined;
afterAll(async () => {
  await hub?.stop();
  await setup?.database.close();
});

describe.runIf(onPostgres)("kill -9 under 20 concurrent submitters", () => {
  it(
    "loses no acknowledged complaint and files none twice",
    async () => {
      setup = await faultSetup();
      const { cookie, database, citizenId, base } = setup;
      hub = await setup.start();

      // While the hub is down a submitter waits for it to be back instead of spinning.
      let back: () => void = () => {};
      let hubBack: Promise<void> = Promise.resolve();
      const acknowledged = new Map<string, string>();
      let stop = false;
      const submitters = Array.from({ length: 20 }, async (_, s) => {
        for (let i = 0; !stop; i++) {
          const key = `fault-kill-${s}-${i}`;
          // The same key until the hub acknowledges it, as the app retries a submission.
          for (;;) {
            const waitFor = hubBack;
            const r = await submitOnce(base, cookie, key).catch(() => ({ status: 0, reference: undefined, body: undefined }));
            if (r.reference) {
              acknowledged.set(key, r.reference);
              break;
            }
            if (r.status === 0) await waitFor;
            else await new Promise((res) => setTimeout(res, 50));
          }
        }
      });

      await until("40 complaints acknowledged before the kill", () => acknowledged.size >= 40);
      hubBack = new Promise<void>((resolve) => (back = resolve));
      const exited = new Promise((resolve) => hub!.child.once("exit", resolve));
      hub.child.kill("SIGKILL");
      await exited;
      const atKill = acknowledged.size;

      hub = await setup.start();
      back();
      await until("40 more complaints acknowledged after the restart", () => acknowledged.size >= atKill + 40);
      stop = true;
      await Promise.all(submitters);

      const c = await countStored(database, citizenId, acknowledged);
      // Each stored complaint queued its one acknowledgement SMS, once.
      const keys = [...acknowledged.keys()];
      const ids = await database.db
        .select({ id: complaints.id, reference: complaints.reference })
        .from(complaints)
        .where(and(eq(complaints.citizenId, citizenId), inArray(complaints.clientKey, keys)));
      const [{ queued, distinct }] = (await database.db
        .select({ queued: sql<number>`count(*)::int`, distinct: sql<number>`count(distinct ${outbox.idempotencyKey})::int` })
        .from(outbox)
        .where(
          and(
            eq(outbox.template, "complaint_received"),
            inArray(
              sql`${outbox.payload}->>'reference'`,
              ids.map((r) => r.reference),
            ),
          ),
        )) as [{ queued: number; distinct: number }];
      report("kill -9 under 20 submitters", { ...c, sentTwice: c.duplicated }, `acknowledged_at_kill=${atKill} receipts_queued=${queued}`);
      expect(c.lost).toBe(0);
      expect(c.duplicated).toBe(0);
      expect(c.stored).toBe(c.acknowledged);
      expect(queued).toBe(distinct);
    },
    SLOW_TEST_TIMEOUT * 2,
  );
});
