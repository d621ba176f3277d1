import { describe, expect, it } from "vitest";
import { addWorkingDays, addWorkingHours, explainDeadline } from "../../../server/calendar/index.ts";
import { buildCalendarBook, parseWorkingHours } from "../../../server/calendar/book.ts";
import { lastDay } from "../../../server/complaints/lifecycle.ts";

// Issue 17: the hub had one calendar; Al Buraimi (Oman) got Saudi holidays and Riyadh's midnight.
const hub = { timeZone: "Asia/Riyadh", weekend: [5, 6] as (5 | 6)[], holidayCountry: "SA" };
const book = buildCalendarBook(
  hub,
  {
    BURAIMI: { country: "OM", timeZone: "Asia/Muscat", weekend: ["fri", "sat"], workingHours: { start: "07:30", end: "14:30" } },
    MOMAH: null,
  },
  [],
  [2025, 2026, 2027],
);

describe("a calendar per agency", () => {
  it("Al Buraimi counts on Oman's calendar and zone; a Saudi agency on the hub's", () => {
    expect(book.of("BURAIMI")).toMatchObject({ key: "BURAIMI", country: "OM", timeZone: "Asia/Muscat" });
    expect(book.of("MOMAH")).toMatchObject({ key: "hub", country: "SA", timeZone: "Asia/Riyadh" });
    expect(book.of(null)).toBe(book.hub);
  });

  it("3 working days from Thursday 8 January 2026: 13 January in Saudi Arabia, 14 January in Oman (11 January is Accession Day)", () => {
    const sa = book.of("MOMAH");
    const om = book.of("BURAIMI");
    const acceptedSa = new Date("2026-01-08T10:00:00+03:00");
    const acceptedOm = new Date("2026-01-08T10:00:00+04:00");
    expect(lastDay(sa, addWorkingDays(sa, acceptedSa, 3))).toBe("2026-01-13");
    expect(lastDay(om, addWorkingDays(om, acceptedOm, 3))).toBe("2026-01-14");
    // Oman's day ends at Muscat's midnight, not Riyadh's (01:00 in Muscat).
    expect(addWorkingDays(om, acceptedOm, 3).toISOString()).toBe("2026-01-14T20:00:00.000Z");
  });

  it("3 working days from Thursday 19 February 2026: 25 February in Saudi Arabia (Founding Day, 22 February), 24 February in Oman", () => {
    const sa = book.of("MOMAH");
    const om = book.of("BURAIMI");
    expect(lastDay(sa, addWorkingDays(sa, new Date("2026-02-19T10:00:00+03:00"), 3))).toBe("2026-02-25");
    expect(lastDay(om, addWorkingDays(om, new Date("2026-02-19T10:00:00+04:00"), 3))).toBe("2026-02-24");
  });

  it("every explanation names the calendar it used", () => {
    const e = explainDeadline(book.of("BURAIMI"), new Date("2026-01-08T10:00:00+04:00"), 3);
    expect(e.calendar).toEqual({ key: "BURAIMI", country: "OM", timeZone: "Asia/Muscat" });
    expect(e.skipped.find((s) => s.reason === "holiday")).toMatchObject({ date: "2026-01-11" });
    expect(explainDeadline(book.hub, new Date("2026-01-08T10:00:00+03:00"), 3).calendar.key).toBe("hub");
  });

  it("days the national unit adds reach the calendars of their scope only", () => {
    const b = buildCalendarBook(
      hub,
      { BURAIMI: { country: "OM", timeZone: "Asia/Muscat" }, MOMAH: null },
      [
        { date: "2026-12-01", source: "manual", scope: "country:OM" },
        { date: "2026-12-02", source: "manual", scope: "" },
        { date: "2026-12-03", source: "manual", scope: "agency:MOMAH" },
      ],
      [2026],
    );
    expect(b.of("BURAIMI").holidays.has("2026-12-01")).toBe(true);
    expect(b.hub.holidays.has("2026-12-01")).toBe(false);
    expect(b.hub.holidays.has("2026-12-02")).toBe(true);
    expect(b.of("BURAIMI").holidays.has("2026-12-02")).toBe(false);
    expect(b.of("MOMAH").holidays.has("2026-12-03")).toBe(true);
    expect(b.hub.holidays.has("2026-12-03")).toBe(false);
  });
});

describe("working hours", () => {
  const cal = book.of("MOMAH"); // Sunday–Thursday 07:30–14:30, Asia/Riyadh

  it("parses a range of the day", () => {
    expect(parseWorkingHours("07:30-14:30")).toEqual({ start: 450, end: 870 });
    expect(parseWorkingHours("14:30-07:30")).toBeNull();
    expect(parseWorkingHours("7-14")).toBeNull();
  });

  it("a delay starting Thursday afternoon runs on Sunday morning, never over the weekend", () => {
    // Thursday 12:30 + 12 working hours: 2 h on Thursday, 7 h on Sunday, 3 h on Monday.
    const t = addWorkingHours(cal, new Date("2026-11-26T12:30:00+03:00"), 12);
    expect(t.toISOString()).toBe(new Date("2026-11-30T10:30:00+03:00").toISOString());
  });

  it("a start outside hours counts from the next opening", () => {
    expect(addWorkingHours(cal, new Date("2026-11-27T20:00:00+03:00"), 1).toISOString()).toBe(
      new Date("2026-11-29T08:30:00+03:00").toISOString(),
    );
    expect(addWorkingHours(cal, new Date("2026-11-29T05:00:00+03:00"), 7).toISOString()).toBe(
      new Date("2026-11-29T14:30:00+03:00").toISOString(),
    );
  });
});
