import { describe, expect, it } from "vitest";
import { parseIcsHolidays } from "../../../server/calendar/index.ts";
import { addDays, zonedMidnight } from "../../../server/calendar/zone.ts";
import { addWorkingDays, createCalendar } from "../../../server/calendar/index.ts";

// Issue 17 §5: the hand-written reader took one day for a yearly event, ignored a
// DURATION and turned a cancelled event into a holiday.
const ics = (...events: string[][]) =>
  [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//test//EN",
    ...events.flatMap((e) => ["BEGIN:VEVENT", `UID:${e[0]}@test`, "DTSTAMP:20250101T000000Z", ...e.slice(1), "END:VEVENT"]),
    "END:VCALENDAR",
  ].join("\r\n");

describe("ICS import through node-ical", () => {
  it("a yearly RRULE gives one holiday per year of the range asked for", () => {
    const text = ics(["ny", "DTSTART;VALUE=DATE:20250101", "RRULE:FREQ=YEARLY", "SUMMARY:New Year"]);
    const days = parseIcsHolidays(text, { years: [2025, 2026, 2027] }).map((h) => h.date);
    expect(days).toEqual(["2025-01-01", "2026-01-01", "2027-01-01"]);
  });

  it("EXDATE removes one occurrence of a repeating event", () => {
    const text = ics(["ny", "DTSTART;VALUE=DATE:20250101", "RRULE:FREQ=YEARLY", "EXDATE;VALUE=DATE:20260101", "SUMMARY:New Year"]);
    expect(parseIcsHolidays(text, { years: [2025, 2026, 2027] }).map((h) => h.date)).toEqual(["2025-01-01", "2027-01-01"]);
  });

  it("a 3-day DURATION and a multi-day DTEND both give every day", () => {
    const text = ics(
      ["eid", "DTSTART;VALUE=DATE:20260320", "DURATION:P3D", "SUMMARY:Eid"],
      ["nd", "DTSTART;VALUE=DATE:20261120", "DTEND;VALUE=DATE:20261122", "SUMMARY:National Day"],
    );
    expect(parseIcsHolidays(text, { years: [2026] }).map((h) => h.date)).toEqual([
      "2026-03-20",
      "2026-03-21",
      "2026-03-22",
      "2026-11-20",
      "2026-11-21",
    ]);
  });

  it("a cancelled event is no holiday", () => {
    const text = ics(
      ["x", "DTSTART;VALUE=DATE:20261201", "STATUS:CANCELLED", "SUMMARY:Called off"],
      ["y", "DTSTART;VALUE=DATE:20261202", "SUMMARY:Kept"],
    );
    expect(parseIcsHolidays(text, { years: [2026] }).map((h) => h.date)).toEqual(["2026-12-02"]);
  });

  it("the issue's file: a yearly event, a 3-day event and a cancelled one", () => {
    const text = ics(
      ["found", "DTSTART;VALUE=DATE:20260222", "RRULE:FREQ=YEARLY", "SUMMARY:Founding Day"],
      ["eid", "DTSTART;VALUE=DATE:20260320", "DURATION:P3D", "SUMMARY:Eid al-Fitr"],
      ["gone", "DTSTART;VALUE=DATE:20260401", "STATUS:CANCELLED", "SUMMARY:Cancelled closure"],
    );
    const h = parseIcsHolidays(text, { years: [2026, 2027] });
    expect(h.map((x) => x.date)).toEqual(["2026-02-22", "2026-03-20", "2026-03-21", "2026-03-22", "2027-02-22"]);
    expect(h[0]).toMatchObject({ source: "ics", nameEn: "Founding Day" });
  });
});

describe("zone arithmetic on days a zone skipped", () => {
  it("Samoa's missing 30 December 2011 ends at once, on the next day that exists", () => {
    const t = zonedMidnight("Pacific/Apia", "2011-12-30");
    // Samoa jumped from the end of 29 December straight to 31 December (UTC−10 → UTC+14).
    expect(t.toISOString()).toBe("2011-12-30T10:00:00.000Z");
    expect(zonedMidnight("Pacific/Apia", "2011-12-31").toISOString()).toBe("2011-12-30T10:00:00.000Z");
  });

  it("working days across the skipped day terminate and count only days that existed", () => {
    const cal = createCalendar({ timeZone: "Pacific/Apia", weekend: [0, 6] });
    const due = addWorkingDays(cal, new Date("2011-12-28T22:00:00Z"), 2); // Thu 29 Dec local
    expect(due > new Date("2011-12-30T10:00:00Z")).toBe(true);
    expect(addDays("2011-12-29", 1)).toBe("2011-12-30");
  });
});
