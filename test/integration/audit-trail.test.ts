import { describe, expect, it } from "vitest";
import { asc, eq, sql } from "drizzle-orm";
import { complaintEvents, complaints, personalDataViews } from "../../schema/index.ts";
import { parseConfig } from "../../server/config.ts";
import type { Database } from "../../server/db.ts";
import { loadCalendar } from "../../server/calendar/holiday-store.ts";
import { SettableClock } from "../../server/clock.ts";
import { submitComplaint } from "../../server/complaints/submit.ts";
import { act } from "../../server/complaints/transition.ts";
import { staffComplaint } from "../../server/complaints/staff-view.ts";
import { loadDirectory } from "../../server/directory/load.ts";
import { syncDirectory } from "../../server/directory/sync.ts";
import { seedDemo } from "../../server/demo/seed.ts";
import { secretBox } from "../../server/auth/secret-box.ts";
import { runSla } from "../../server/jobs/sla.ts";
import { buildIndex } from "../../server/routing/suggest.ts";
import { SLOW_TEST_TIMEOUT } from "../support/server-process.ts";
import { demoStaff } from "../support/sessions.ts";
import { insertCitizen } from "../support/registry.ts";
import { runCli } from "../../server/cli-run.ts";
import { cliHubs } from "../support/cli-hub.ts";

// Issue 13 item 4: complaint_events and personal_data_views are append-only by the
// database's own triggers and hash-chained per complaint; `npm run hub -- audit verify`
// recomputes every chain and names the complaint and row of any change or deletion.

/** One hub's database and the environment the CLI reads it with. */
interface Hub {
  env: Record<string, string>;
  refs: string[];
  ids: string[];
}

// Each test tampers with or adds to the chains it checks, so each builds its own hub:
// shuffled, or run alone, a test sees only what it wrote.
const { env: hubEnv, open } = cliHubs("hub-audit");

/** The command's lines as an operator reads them: both streams, in the order written. */
async function verify(env: Record<string, string>): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const code = await runCli(["audit", "verify", "--page", "2"], { out: (l) => out.push(l), err: (l) => out.push(l), env });
  return { code, out };
}

/** As the table owner, around the append-only trigger: what the application cannot do. */
async function tamper(database: Database, table: string, statement: ReturnType<typeof sql>): Promise<void> {
  await database.db.transaction(async (tx) => {
    await tx.execute(sql.raw(`alter table ${table} disable trigger ${table}_append_only`));
    await tx.execute(statement);
    await tx.execute(sql.raw(`alter table ${table} enable trigger ${table}_append_only`));
  });
}

/** The database's own refusal (drizzle wraps it as the error's cause). */
async function refused(query: PromiseLike<unknown>): Promise<void> {
  const e = await Promise.resolve(query).then(
    () => null,
    (x: unknown) => x as Error & { cause?: Error },
  );
  expect(e, "the statement was refused").not.toBeNull();
  expect(e!.cause?.message ?? e!.message).toMatch(/is append-only: (UPDATE|DELETE) refused/);
}

const chainOf = (database: Database, complaintId: string) =>
  database.db
    .select({ id: complaintEvents.id, seq: complaintEvents.seq, prev: complaintEvents.prevHash, hash: complaintEvents.hash })
    .from(complaintEvents)
    .where(eq(complaintEvents.complaintId, complaintId))
    .orderBy(asc(complaintEvents.seq));

/**
 * A migrated hub with the demo directory and staff, three complaints through accept,
 * a request for information, three looks at personal data, an SLA sweep, and one
 * multi-row insert with forged chain columns: every way rows reach the two chains.
 */
async function freshHub(): Promise<Hub> {
  const env = await hubEnv();
  const config = parseConfig(env);
  const refs: string[] = [];
  const ids: string[] = [];
  const database = await open(env);
  try {
    const clock = new SettableClock("2026-12-10T12:00:00+03:00");
    const calendar = await loadCalendar(database.db, config.calendar, clock.now());
    const deps = {
      db: database.db,
      clock,
      calendar,
      reopenWindow: config.reopenWindow,
      publicUrl: "https://hub.example",
      routing: buildIndex([]),
      routingThreshold: 0.15,
    };
    await syncDirectory(database.db, await loadDirectory("agencies"));
    await seedDemo(database.db, secretBox("test-secret-for-sealing-totp-keys-000"));
    const officer = await demoStaff(database.db, "liaison.momah");
    const citizenId = await insertCitizen(database.db, { nationalId: "1016161616", mobile: "+966501616161" });
    for (const [i, service] of ["ROADS_POTHOLES", "STREET_LIGHTING", "CLEANLINESS"].entries()) {
      // The intake writes the complaint and its first event in one CTE statement.
      const r = await submitComplaint(deps, citizenId, {
        kind: "complaint",
        text: `بلاغ تجريبي رقم ${i} عن مشكلة في الحي`,
        city: "riyadh",
        agencyCode: "MOMAH",
        serviceCode: service,
        notifyBy: "sms",
        clientKey: `audit-${i}-key`,
      });
      if (!r.ok) throw new Error(JSON.stringify(r));
      refs.push(r.reference);
    }
    for (const ref of refs) {
      const [c] = await database.db.select({ id: complaints.id }).from(complaints).where(eq(complaints.reference, ref));
      ids.push(c!.id);
    }
    await act(deps, { kind: "staff", staff: officer }, refs[0]!, null, { action: "accept", days: 3, reason: undefined });
    await act(deps, { kind: "staff", staff: officer }, refs[1]!, null, { action: "accept", days: 3, reason: undefined });
    await act(deps, { kind: "staff", staff: officer }, refs[1]!, null, { action: "request_info", message: "نحتاج صورة للموقع" });
    // Accepted: the liaison sees the citizen's data, and each look is a chained row.
    for (let i = 0; i < 3; i++) expect(await staffComplaint(database.db, officer, refs[0]!, clock.now())).not.toBeNull();
    // The SLA sweep writes many complaints' events in one insert … select.
    clock.set("2026-12-31T12:00:00+03:00");
    await runSla({ ...deps, db: database.db });

    // Several rows of one chain in one statement, with forged chain columns: the trigger
    // numbers them in order and replaces what the writer claimed.
    await database.db.insert(complaintEvents).values(
      [1, 2, 3].map((n) => ({
        complaintId: ids[2]!,
        actorKind: "system" as const,
        type: `note_${n}`,
        data: { n },
        at: clock.now(),
        seq: 99,
        prevHash: "forged",
        hash: "forged",
      })),
    );
  } finally {
    await database.close();
  }
  return { env, refs, ids };
}

describe("the audit trail", { timeout: SLOW_TEST_TIMEOUT }, () => {
  it("chains every insert shape, refuses UPDATE and DELETE, and verifies clean after real activity", async () => {
    const { env, ids } = await freshHub();
    const database = await open(env);
    try {
      for (const c of ids) {
        const chain = await chainOf(database, c);
        expect(chain.length).toBeGreaterThan(1);
        chain.forEach((r, i) => {
          expect(r.seq).toBe(i + 1);
          expect(r.prev).toBe(i === 0 ? null : chain[i - 1]!.hash);
          expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
        });
      }
      const views = await database.db
        .select()
        .from(personalDataViews)
        .where(eq(personalDataViews.complaintId, ids[0]!))
        .orderBy(asc(personalDataViews.seq));
      expect(views.map((v) => v.seq)).toEqual([1, 2, 3]);
      expect(views[1]!.prevHash).toBe(views[0]!.hash);

      // The application's own UPDATE and DELETE are refused by the database.
      const [first] = await chainOf(database, ids[0]!);
      await refused(database.db.update(complaintEvents).set({ type: "rewritten" }).where(eq(complaintEvents.id, first!.id)));
      await refused(database.db.delete(complaintEvents).where(eq(complaintEvents.id, first!.id)));
      await refused(database.db.update(personalDataViews).set({ fields: [] }).where(eq(personalDataViews.id, views[0]!.id)));
      await refused(database.db.delete(personalDataViews).where(eq(personalDataViews.complaintId, ids[0]!)));
      expect((await chainOf(database, ids[0]!))[0]).toEqual(first);
    } finally {
      await database.close();
    }

    const clean = await verify(env);
    expect(clean.out.filter((l) => l.startsWith("FAIL"))).toEqual([]);
    expect(clean.code).toBe(0);
    expect(clean.out.at(-1)).toMatch(
      /^audit verify: OK; checked \d+ complaint_events rows in 3 chains, 3 personal_data_views rows in 1 chains/,
    );
    expect(
      clean.out.some((l) => /^# complaint_events: 2\/3 chains checked$/.test(l) || /^# complaint_events: 3\/3 chains checked$/.test(l)),
    ).toBe(true);
  });

  it("names exactly the complaint and row that was changed, deleted or slipped in", async () => {
    const { env, ids } = await freshHub();
    let database = await open(env);
    let changedId = 0,
      deletedSeq = 0,
      viewId = 0;
    try {
      const chain1 = await chainOf(database, ids[1]!);
      changedId = chain1[1]!.id;
      await tamper(database, "complaint_events", sql`update complaint_events set data = data || '{"days": 30}' where id = ${changedId}`);
      const chain2 = await chainOf(database, ids[2]!);
      deletedSeq = chain2[2]!.seq;
      await tamper(database, "complaint_events", sql`delete from complaint_events where id = ${chain2[2]!.id}`);
    } finally {
      await database.close();
    }
    const broken = await verify(env);
    expect(broken.code).toBe(1);
    const fails = broken.out.filter((l) => l.startsWith("FAIL"));
    expect(fails).toHaveLength(2);
    expect(fails).toContain(`FAIL complaint_events complaint ${ids[1]}: row id ${changedId} (seq 2) was changed after it was written`);
    const gone = new RegExp(
      `^FAIL complaint_events complaint ${ids[2]}: row seq ${deletedSeq} is missing \\(deleted before row id \\d+\\)$`,
    );
    expect(fails.filter((l) => gone.test(l))).toHaveLength(1);
    expect(broken.out.at(-1)).toMatch(/^audit verify: 2 problem\(s\)/);

    // A row written with the chain trigger off (a plain owner insert) is out of the chain.
    database = await open(env);
    try {
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`alter table personal_data_views disable trigger personal_data_views_chain`);
        const [v] = await tx
          .select()
          .from(personalDataViews)
          .where(eq(personalDataViews.complaintId, ids[0]!))
          .orderBy(asc(personalDataViews.seq));
        const [row] = await tx
          .insert(personalDataViews)
          .values({ staffId: v!.staffId, complaintId: ids[0]!, fields: ["mobile"], at: v!.at })
          .returning({ id: personalDataViews.id });
        viewId = row!.id;
        await tx.execute(sql`alter table personal_data_views enable trigger personal_data_views_chain`);
      });
    } finally {
      await database.close();
    }
    const slipped = await verify(env);
    expect(slipped.code).toBe(1);
    expect(slipped.out.filter((l) => l.startsWith("FAIL personal_data_views"))).toEqual([
      `FAIL personal_data_views complaint ${ids[0]}: row id ${viewId} (seq 0) does not continue the chain (inserted or relinked outside the trigger)`,
    ]);
  });

  it.runIf(process.env.DATABASE_URL)("two writers of one complaint at once never fork its chain", async () => {
    const { env, ids } = await freshHub();
    const database = await open(env);
    try {
      const id = ids[0]!;
      const before = (await chainOf(database, id)).length;
      const staffId = (await demoStaff(database.db, "liaison.momah")).id;
      // Each writer holds its transaction open across a pause, so their inserts overlap.
      await Promise.all(
        Array.from({ length: 8 }, (_, n) =>
          database.db.transaction(async (tx) => {
            await tx.execute(sql`select pg_sleep(${(n % 3) * 0.05})`);
            await tx
              .insert(complaintEvents)
              .values({ complaintId: id, actorKind: "system", type: `race_${n}`, at: new Date("2027-01-01T00:00:00Z") });
            await tx.insert(personalDataViews).values({ staffId, complaintId: id, fields: ["name"], at: new Date("2027-01-01T00:00:00Z") });
            await tx.execute(sql`select pg_sleep(0.05)`);
          }),
        ),
      );
      const chain = await chainOf(database, id);
      expect(chain).toHaveLength(before + 8);
      chain.forEach((r, i) => expect(r.prev).toBe(i === 0 ? null : chain[i - 1]!.hash));
    } finally {
      await database.close();
    }
  });
});
