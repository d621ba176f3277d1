// `npm run bench:sla`: a day's deadlines falling due together. Loads OPEN (default
// 1,000,000) open complaints with seed:bulk's "open" mix (nothing due for weeks), then
// makes DUE (default 10,000) of them due at one instant T: half routed with the
// jurisdiction decision due at T (one escalation each), half in progress with the
// resolution due at T (a warning to the agency's officers and level 1). One instance's
// tick at T is timed; then another DUE at T + 1 h are taken by two instances at once.
// Exactly once is checked: every due event fired once, one message per key.
//
// Target (issue #16): 10,000 due among 1 M open in < 10 s by one instance, less with two.
//
// Needs a PostgreSQL server: BENCH_PG (default postgres://postgres@127.0.0.1:5432/postgres);
// creates a fresh database and drops it at the end.

import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDatabase } from "../server/db.ts";
import { createCalendar } from "../server/calendar/index.ts";
import { SettableClock } from "../server/clock.ts";
import { DEFAULT_REOPEN_WINDOW } from "../server/complaints/lifecycle.ts";
import { loadDirectory } from "../server/directory/load.ts";
import { syncDirectory } from "../server/directory/sync.ts";
import { seedDemo } from "../server/demo/seed.ts";
import { secretBox } from "../server/auth/secret-box.ts";
import { seedBulk } from "../server/demo/bulk.ts";
import { runSla } from "../server/jobs/sla.ts";

const serverUrl = process.env.BENCH_PG ?? "postgres://postgres@127.0.0.1:5432/postgres";
const OPEN = Number(process.env.OPEN ?? 1_000_000);
const DUE = Number(process.env.DUE ?? 10_000);
// Complaints per claimed batch (runSla's default unless set).
const BATCH = process.env.BATCH ? { batch: Number(process.env.BATCH) } : {};

const name = `bench_sla_${randomBytes(4).toString("hex")}`;
const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}`);
const u = new URL(serverUrl);
u.pathname = `/${name}`;
const url = u.toString();

try {
  const one = await openDatabase({ url, migrate: true });
  const two = await openDatabase({ url, migrate: false });
  const raw = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await syncDirectory(one.db, await loadDirectory("agencies"));
    // The demo's staff: the liaison officers the warnings go to.
    await seedDemo(one.db, secretBox("bench-secret-for-sealing-totp-keys-00"));
    let t = performance.now();
    await seedBulk(one.db, OPEN, { mix: "open", log: (l) => console.log(`  seed: ${l}`) });
    console.log(`${OPEN.toLocaleString("en")} open complaints loaded in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);

    const T = new Date(Date.now() + 86400_000);
    T.setUTCMilliseconds(0);
    const T2 = new Date(T.getTime() + 3600_000);
    const makeDue = async (at: Date, tag: string) => {
      const half = Math.floor(DUE / 2);
      // Marked in the text so the checks below find the same rows.
      await raw`update complaints set jurisdiction_due_at = ${at.toISOString()}, action_due_at = ${at.toISOString()}, sla_next_at = ${at.toISOString()}, title = ${tag}
                 where id in (select id from complaints where status = 'routed' and title is null limit ${half})`;
      await raw`update complaints set due_at = ${at.toISOString()}, action_due_at = ${at.toISOString()}, sla_next_at = ${at.toISOString()}, title = ${tag}
                 where id in (select id from complaints where status = 'in_progress' and title is null limit ${DUE - half})`;
      await raw`analyze complaints`;
    };
    await makeDue(T, "due-A");
    await makeDue(T2, "due-B");
    const [{ open }] = (await raw`select count(*)::int as open from complaints where status in ('routed', 'in_progress')`) as unknown as [
      { open: number },
    ];
    console.log(
      `${Number(open).toLocaleString("en")} open; ${DUE.toLocaleString("en")} due at ${T.toISOString()}, ${DUE.toLocaleString("en")} more at ${T2.toISOString()}\n`,
    );

    const base = { calendar: createCalendar(), reopenWindow: DEFAULT_REOPEN_WINDOW, publicUrl: "https://hub.example" };
    t = performance.now();
    const r1 = await runSla({ ...base, db: one.db, clock: new SettableClock(T.toISOString()) }, BATCH);
    const s1 = (performance.now() - t) / 1000;
    console.log(
      `one instance:  ${r1.complaints} due complaints in ${s1.toFixed(2)} s = ${((s1 * 1000) / r1.complaints).toFixed(3)} ms per due complaint; fired ${JSON.stringify(r1.fired)}`,
    );

    t = performance.now();
    const [a, b] = await Promise.all([
      runSla({ ...base, db: one.db, clock: new SettableClock(T2.toISOString()) }, BATCH),
      runSla({ ...base, db: two.db, clock: new SettableClock(T2.toISOString()) }, BATCH),
    ]);
    const s2 = (performance.now() - t) / 1000;
    const n2 = a.complaints + b.complaints;
    console.log(
      `two instances: ${n2} due complaints (${a.complaints} + ${b.complaints}) in ${s2.toFixed(2)} s = ${((s2 * 1000) / n2).toFixed(3)} ms per due complaint`,
    );
    console.log(
      `\ntarget: ${DUE.toLocaleString("en")} due among ${OPEN.toLocaleString("en")} open in < 10 s by one instance (${s1.toFixed(2)} s), less with two (${s2.toFixed(2)} s)`,
    );

    // Exactly once: each routed complaint one jurisdiction_overdue, each in-progress one
    // warning and one level 1; no message key twice (the outbox's unique key), none missing.
    for (const tag of ["due-A", "due-B"]) {
      const [x] = await raw`
        select count(*) filter (where e.kind = 'jurisdiction_overdue')::int as jur,
               count(*) filter (where e.kind = 'resolution_warning')::int as warn,
               count(*) filter (where e.kind = 'escalation_1')::int as esc1,
               count(distinct (e.complaint_id, e.key))::int as distinct_keys, count(*)::int as total
          from sla_events e join complaints c on c.id = e.complaint_id where c.title = ${tag}`;
      const [m] =
        await raw`select count(*)::int as n from outbox o join complaints c on c.id::text = split_part(o.idempotency_key, ':', 2) where o.idempotency_key like 'sla:%' and c.title = ${tag}`;
      const [left] =
        await raw`select count(*)::int as n from complaints where title = ${tag} and sla_next_at <= ${(tag === "due-A" ? T : T2).toISOString()}`;
      console.log(
        `${tag}: sla_events ${x!.total} (jurisdiction ${x!.jur}, warning ${x!.warn}, level 1 ${x!.esc1}; distinct ${x!.distinct_keys}); messages ${m!.n}; still due ${left!.n}`,
      );
    }
  } finally {
    await raw.end();
    await two.close();
    await one.close();
  }
} finally {
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}
