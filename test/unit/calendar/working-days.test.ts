import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  addHours,
  addWorkingDays,
  countWorkingDays,
  createCalendar,
  explainDeadline,
  isWorkingDay,
  localDate,
  nextWorkingDayStart,
  startOfLocalDay,
  type Weekday,
} from "../../../server/calendar/index.ts";

const riyadh = createCalendar();
const iso = (d: Date) => d.toISOString();

describe("deadlines in working days (Sunday–Thursday week)", () => {
  it("a complaint received Thursday afternoon with 3 working days is due when the following Tuesday ends", () => {
    const due = addWorkingDays(riyadh, new Date("2026-11-19T15:00:00+03:00"), 3);
    expect(iso(due)).toBe("2026-11-24T21:00:00.000Z"); // Wednesday 00:00 in Riyadh
    expect(localDate(riyadh, new Date(due.getTime() - 1))).toBe("2026-11-24");
  });

  it("a holiday inside the window pushes the due date out", () => {
    const cal = createCalendar({ holidays: [{ date: "2026-11-23", source: "manual", nameEn: "Closure" }] });
    const due = addWorkingDays(cal, new Date("2026-11-19T15:00:00+03:00"), 3);
    expect(localDate(cal, new Date(due.getTime() - 1))).toBe("2026-11-25");
    const why = explainDeadline(cal, new Date("2026-11-19T15:00:00+03:00"), 3);
    expect(why.workingDays).toEqual(["2026-11-22", "2026-11-24", "2026-11-25"]);
    expect(why.skipped).toEqual([
      { date: "2026-11-20", reason: "weekend" },
      { date: "2026-11-21", reason: "weekend" },
      { date: "2026-11-23", reason: "holiday", holidayName: { en: "Closure" } },
    ]);
  });

  it("the day of arrival never counts, even early in the morning", () => {
    const due = addWorkingDays(riyadh, new Date("2026-11-22T00:30:00+03:00"), 1);
    expect(localDate(riyadh, new Date(due.getTime() - 1))).toBe("2026-11-23");
  });

  it("something received on Friday starts counting on Sunday", () => {
    const due = addWorkingDays(riyadh, new Date("2026-11-20T10:00:00+03:00"), 3);
    expect(localDate(riyadh, new Date(due.getTime() - 1))).toBe("2026-11-24");
  });

  it("zero working days is now, and fractions or negatives are refused", () => {
    const now = new Date("2026-11-19T15:00:00+03:00");
    expect(iso(addWorkingDays(riyadh, now, 0))).toBe(iso(now));
    expect(() => addWorkingDays(riyadh, now, 1.5)).toThrow(RangeError);
    expect(() => addWorkingDays(riyadh, now, -1)).toThrow(RangeError);
  });

  it("the next working day after Thursday is Sunday", () => {
    expect(iso(nextWorkingDayStart(riyadh, new Date("2026-11-19T10:00:00+03:00")))).toBe("2026-11-21T21:00:00.000Z");
  });

  it("counts only the working days that have fully ended", () => {
    const from = new Date("2026-11-19T15:00:00+03:00");
    expect(countWorkingDays(riyadh, from, new Date("2026-11-22T23:59:00+03:00"))).toBe(0);
    expect(countWorkingDays(riyadh, from, new Date("2026-11-23T00:00:00+03:00"))).toBe(1);
    expect(countWorkingDays(riyadh, from, new Date("2026-11-26T12:00:00+03:00"))).toBe(4);
    expect(countWorkingDays(riyadh, from, from)).toBe(0);
  });

  it("escalation delays are plain clock hours", () => {
    expect(iso(addHours(new Date("2026-11-24T21:00:00Z"), 24))).toBe("2026-11-25T21:00:00.000Z");
  });
});

describe("other countries and zones", () => {
  it("Oman's deadlines end at midnight in Muscat (UTC+4)", () => {
    const muscat = createCalendar({ timeZone: "Asia/Muscat" });
    expect(iso(addWorkingDays(muscat, new Date("2026-11-19T15:00:00+04:00"), 3))).toBe("2026-11-24T20:00:00.000Z");
  });

  it("Jordan works Sunday to Thursday in Amman time", () => {
    const amman = createCalendar({ timeZone: "Asia/Amman", weekend: [5, 6] });
    expect(localDate(amman, new Date(addWorkingDays(amman, new Date("2026-11-19T15:00:00+03:00"), 3).getTime() - 1))).toBe("2026-11-24");
  });

  it("a day begins at the right instant on days the clocks change", () => {
    const london = createCalendar({ timeZone: "Europe/London", weekend: [0, 6] });
    expect(iso(startOfLocalDay(london, "2026-03-29"))).toBe("2026-03-29T00:00:00.000Z"); // GMT until 01:00
    expect(iso(startOfLocalDay(london, "2026-03-30"))).toBe("2026-03-29T23:00:00.000Z"); // BST
    expect(iso(startOfLocalDay(london, "2026-10-26"))).toBe("2026-10-26T00:00:00.000Z");
    const havana = createCalendar({ timeZone: "America/Havana", weekend: [0, 6] }); // midnight itself is skipped
    const start = startOfLocalDay(havana, "2026-03-08");
    expect(localDate(havana, start)).toBe("2026-03-08");
    expect(localDate(havana, new Date(start.getTime() - 1))).toBe("2026-03-07");
  });

  it("a calendar with no working day is refused instead of looping forever", () => {
    expect(() => createCalendar({ weekend: [0, 1, 2, 3, 4, 5, 6] })).toThrow(RangeError);
    const allHolidays = createCalendar({
      weekend: [5, 6],
      holidays: Array.from({ length: 4000 }, (_, i) => ({
        date: new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10),
        source: "manual" as const,
      })),
    });
    expect(() => addWorkingDays(allHolidays, new Date("2026-01-01T00:00:00Z"), 1)).toThrow(/no working day within/);
  });
});

describe("calendar arithmetic (properties)", () => {
  const weekendArb = fc.subarray([0, 1, 2, 3, 4, 5, 6] as Weekday[], { maxLength: 5 });
  const instantArb = fc.date({ min: new Date("2025-01-01T00:00:00Z"), max: new Date("2028-12-31T00:00:00Z"), noInvalidDate: true });
  const holidaysArb = fc
    .uniqueArray(fc.integer({ min: 0, max: 365 * 4 }), { maxLength: 40 })
    .map((offsets) =>
      offsets.map((o) => ({ date: new Date(Date.UTC(2025, 0, 1 + o)).toISOString().slice(0, 10), source: "manual" as const })),
    );
  const zoneArb = fc.constantFrom("Asia/Riyadh", "Asia/Muscat", "Asia/Amman", "Europe/London");
  const calArb = fc.record({ timeZone: zoneArb, weekend: weekendArb, holidays: holidaysArb }).map((o) => createCalendar(o));

  it("adding n working days then counting gives n", () => {
    fc.assert(
      fc.property(calArb, instantArb, fc.integer({ min: 0, max: 40 }), (cal, from, n) => {
        expect(countWorkingDays(cal, from, addWorkingDays(cal, from, n))).toBe(n);
      }),
      { numRuns: 200 },
    );
  });

  it("a deadline never lands on a weekend or a holiday", () => {
    fc.assert(
      fc.property(calArb, instantArb, fc.integer({ min: 1, max: 40 }), (cal, from, n) => {
        const due = addWorkingDays(cal, from, n);
        expect(isWorkingDay(cal, localDate(cal, new Date(due.getTime() - 1)))).toBe(true);
        expect(localDate(cal, due) > localDate(cal, from)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("later arrival or more days never gives an earlier deadline", () => {
    fc.assert(
      fc.property(
        calArb,
        instantArb,
        fc.integer({ min: 0, max: 10 * 86_400_000 }),
        fc.integer({ min: 0, max: 30 }),
        (cal, from, delta, n) => {
          const later = new Date(from.getTime() + delta);
          expect(addWorkingDays(cal, later, n) >= addWorkingDays(cal, from, n)).toBe(true);
          expect(addWorkingDays(cal, from, n + 1) > addWorkingDays(cal, from, n)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("a window of a + b days is a window of a days followed by b more (how pauses extend a deadline)", () => {
    fc.assert(
      fc.property(calArb, instantArb, fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), (cal, from, a, b) => {
        const first = addWorkingDays(cal, from, a);
        const lastMomentOfFirst = new Date(first.getTime() - 1);
        expect(iso(addWorkingDays(cal, lastMomentOfFirst, b))).toBe(iso(addWorkingDays(cal, from, a + b)));
      }),
      { numRuns: 150 },
    );
  });

  it("the count never goes down as time passes", () => {
    fc.assert(
      fc.property(
        calArb,
        instantArb,
        fc.integer({ min: 0, max: 20 * 86_400_000 }),
        fc.integer({ min: 0, max: 86_400_000 }),
        (cal, from, d1, d2) => {
          const t1 = new Date(from.getTime() + d1);
          const t2 = new Date(t1.getTime() + d2);
          const c1 = countWorkingDays(cal, from, t1);
          const c2 = countWorkingDays(cal, from, t2);
          expect(c2).toBeGreaterThanOrEqual(c1);
          expect(c2 - c1).toBeLessThanOrEqual(2);
        },
      ),
      { numRuns: 150 },
    );
  });
});
