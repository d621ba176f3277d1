import { describe, expect, it } from "vitest";
import { createCalendar, lastDay } from "../../../server/calendar/index.ts";
import { parseReopenWindow, reopenDeadline } from "../../../server/calendar/window.ts";
import * as lifecycle from "../../../server/complaints/lifecycle.ts";
import { DEFAULT_REOPEN_WINDOW } from "../../../server/policy.ts";

// Weekend Friday and Saturday (the default calendar), one holiday on Tuesday 24 November.
const cal = createCalendar({ holidays: [{ date: "2026-11-24", nameEn: "A holiday", source: "manual" }] });
const thu = new Date("2026-11-19T12:00:00+03:00");

describe("windows counted on a calendar", () => {
  it("reads HUB_REOPEN_WINDOW's two forms and refuses the rest", () => {
    expect(parseReopenWindow(" 3wd ")).toEqual({ unit: "working_days", n: 3 });
    expect(parseReopenWindow("48 h")).toEqual({ unit: "hours", n: 48 });
    for (const bad of ["0wd", "3d", "1000h", "", "-1h"]) expect(parseReopenWindow(bad), bad).toBeNull();
  });

  it("ends a working-day window at the midnight after its last working day, an hour window on the clock", () => {
    // Sun 22, Mon 23, (holiday Tue 24), Wed 25: the window ends as Thursday begins.
    expect(reopenDeadline(cal, thu, DEFAULT_REOPEN_WINDOW).toISOString()).toBe(new Date("2026-11-26T00:00:00+03:00").toISOString());
    expect(reopenDeadline(cal, thu, { unit: "hours", n: 48 }).toISOString()).toBe(new Date("2026-11-21T12:00:00+03:00").toISOString());
  });

  it("gives a midnight deadline to the day it ends", () => {
    expect(lastDay(cal, new Date("2026-11-26T00:00:00+03:00"))).toBe("2026-11-25");
    expect(lastDay(cal, new Date("2026-11-26T00:00:01+03:00"))).toBe("2026-11-26");
  });

  it("is what the lifecycle module still re-exports", () => {
    expect(lifecycle.parseReopenWindow).toBe(parseReopenWindow);
    expect(lifecycle.reopenDeadline).toBe(reopenDeadline);
    expect(lifecycle.lastDay).toBe(lastDay);
    expect(lifecycle.DEFAULT_REOPEN_WINDOW).toBe(DEFAULT_REOPEN_WINDOW);
  });
});
