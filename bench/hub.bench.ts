// `npm run bench`: the hub's hot paths in one run, so their costs can be compared with
// each other on the same machine (absolute numbers move with the machine's load; the
// ratios do not). The pure domain rules run on every request or job tick; the inbox
// runs on the embedded PGlite database with synthetic complaints. The national-scale
// database benchmarks (a million and ten million complaints on PostgreSQL) are
// `npm run bench:inbox` and `npm run bench:report`, which print EXPLAIN ANALYZE timings.

import { bench, describe } from "vitest";
import { count, desc, isNotNull } from "drizzle-orm";
import { complaints } from "../schema/index.ts";
import { openDatabase } from "../server/db.ts";
import { loadDirectory } from "../server/directory/load.ts";
import { syncDirectory } from "../server/directory/sync.ts";
import { suggest } from "../server/routing/suggest.ts";
import { routerFor } from "../server/routing/from-directory.ts";
import { addWorkingDays, createCalendar } from "../server/calendar/index.ts";
import { slaSchedule } from "../server/sla/rules.ts";
import { available } from "../server/complaints/lifecycle.ts";
import { inboxCounts, inboxPage, inboxQuerySchema, type InboxWindow } from "../server/complaints/inbox.ts";
import { seedBulk } from "../server/demo/bulk.ts";

const COMPLAINTS = 20_000;

const directory = await loadDirectory("agencies");
const index = routerFor(directory);
// A long, rambling complaint (300+ words): the routing target is under 5 ms for one.
const LONG = Array.from({ length: 12 }, (_, i) =>
  i === 6
    ? "المشكلة إن الموية مقطوعة عن بيتنا من ثلاثة أيام والخزان فضى ونشتري وايتات على حسابنا."
    : "أنا ساكن في هذا الحي من سنين طويلة واتصلت على الرقم الموحد أكثر من مرة وكل مرة يقولون بيتواصلون معك ولا أحد تواصل، والجيران كلهم يشتكون من نفس الشي.",
).join(" ");
const cal = createCalendar({ holidays: [{ date: "2026-12-02", nameEn: "A holiday", source: "manual" }] });
const thursday = new Date("2026-11-19T12:00:00+03:00");

describe("domain rules (pure, per request or job tick)", () => {
  bench("route a complaint's text to services", () => {
    suggest(index, { text: "انقطاع المياه عن الحي منذ ثلاثة أيام والفاتورة مرتفعة", city: "riyadh" });
  });
  bench(`route a ${LONG.split(/\s+/).length}-word complaint (target < 5 ms)`, () => {
    suggest(index, { text: LONG, city: null });
  });
  bench("add 3 working days over a weekend", () => {
    addWorkingDays(cal, thursday, 3);
  });
  bench("add 60 working days over holidays", () => {
    addWorkingDays(cal, thursday, 60);
  });
  bench("a complaint's SLA schedule", () => {
    slaSchedule(
      {
        status: "in_progress",
        jurisdictionDueAt: null,
        dueAt: addWorkingDays(cal, thursday, 3),
        pausedAt: null,
        infoDueAt: null,
        closedAt: null,
        outcome: null,
        reopenUntil: null,
        reopenCount: 0,
        acceptedAt: thursday,
        escalationHours: [24, 12, 12],
      },
      cal,
    );
  });
  bench("the actions open to an officer", () => {
    available(
      { status: "in_progress", agencyCode: "MOMAH", citizenId: "c", outcome: null, reopenUntil: null, infoDueAt: null },
      {
        kind: "staff",
        staff: { id: "s", email: "liaison@example.invalid", fullName: "ضابط", roles: [{ role: "liaison", agencyCode: "MOMAH" }] },
      },
      thursday,
    );
  });
});

// The inbox on the embedded database, loaded once for the run.
const database = await openDatabase({ migrate: true });
await syncDirectory(database.db, directory);
await seedBulk(database.db, COMPLAINTS, { batch: 5_000 });
const [busiest] = await database.db
  .select({ agency: complaints.agencyCode })
  .from(complaints)
  .where(isNotNull(complaints.agencyCode))
  .groupBy(complaints.agencyCode)
  .orderBy(desc(count()))
  .limit(1);
const agency = busiest!.agency!;
const now = new Date();
const w: InboxWindow = {
  agencyCode: agency,
  staffId: "00000000-0000-0000-0000-000000000000",
  now,
  soon: new Date(now.getTime() + 2 * 86400_000),
};
const q = (raw: Record<string, string>) => inboxQuerySchema.parse(raw);

describe(`liaison inbox on PGlite, ${COMPLAINTS.toLocaleString("en")} complaints`, () => {
  bench("first page: awaiting decision", async () => {
    await inboxPage(database.db, q({ tab: "routed" }), w);
  });
  bench("first page: closed", async () => {
    await inboxPage(database.db, q({ tab: "closed" }), w);
  });
  bench("filter: city", async () => {
    await inboxPage(database.db, q({ tab: "in_progress", city: "jeddah" }), w);
  });
  bench("search: words", async () => {
    await inboxPage(database.db, q({ tab: "closed", q: "انقطاع المياه" }), w);
  });
  bench("tab counts", async () => {
    await inboxCounts(database.db, q({ tab: "routed" }), w);
  });
});
