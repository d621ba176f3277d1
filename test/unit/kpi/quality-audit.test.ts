import { describe, expect, it } from "vitest";
import {
  drawKey,
  drawSample,
  MAX_POINTS,
  parseScores,
  quarterDates,
  quarterOfDate,
  sampleSize,
  scoreShare,
} from "../../../server/quality/audit.ts";

const cases = (agency: string, n: number) => Array.from({ length: n }, (_, i) => ({ id: `${agency}-${i}`, agencyCode: agency }));

describe("the quality audit", () => {
  it("draws the same N per agency every time, in the order of a hash of the quarter and the case", () => {
    const all = [...cases("MOMAH", 30), ...cases("MOH", 4)];
    const a = drawSample(all, "2026-Q4", 10);
    expect(a.filter((c) => c.agencyCode === "MOMAH")).toHaveLength(10);
    expect(a.filter((c) => c.agencyCode === "MOH")).toHaveLength(4); // all it has
    expect(
      drawSample([...all].reverse(), "2026-Q4", 10)
        .map((c) => c.id)
        .sort(),
    ).toEqual(a.map((c) => c.id).sort());
    const momah = a.filter((c) => c.agencyCode === "MOMAH").map((c) => drawKey("2026-Q4", c.id));
    expect(momah).toEqual([...momah].sort());
    // Another quarter draws other cases.
    expect(drawSample(all, "2027-Q1", 10).map((c) => c.id)).not.toEqual(a.map((c) => c.id));
  });

  it("tops an agency up to N and keeps what was drawn", () => {
    const first = drawSample(cases("MOMAH", 6), "2026-Q4", 10);
    expect(first).toHaveLength(6);
    const already = new Map([["MOMAH", new Set(first.map((c) => c.id))]]);
    const more = drawSample(cases("MOMAH", 20), "2026-Q4", 10, already);
    expect(more).toHaveLength(4);
    expect(more.some((c) => already.get("MOMAH")!.has(c.id))).toBe(false);
  });

  it("reads the score form: each criterion 0, 1 or 2", () => {
    expect(parseScores({ addressed: "2", correct: "1", clear: "2", complete: "0", note: " " })).toEqual({
      ok: true,
      scores: { addressed: 2, correct: 1, clear: 2, complete: 0 },
      note: null,
    });
    expect(parseScores({ addressed: "3", correct: "", clear: "x", complete: "1" })).toEqual({
      ok: false,
      errors: { addressed: "invalid", correct: "required", clear: "invalid" },
    });
    expect(parseScores({ addressed: "1", correct: "1", clear: "1", complete: "1", note: "x".repeat(1001) })).toMatchObject({ ok: false });
    expect(MAX_POINTS).toBe(8);
    expect(scoreShare({ addressed: 2, correct: 1, clear: 2, complete: 1 })).toBe(0.75);
  });

  it("knows its quarters and sample sizes", () => {
    expect(quarterDates("2026-Q4")).toEqual({ from: "2026-10-01", to: "2026-12-31" });
    expect(quarterDates("2028-Q1")).toEqual({ from: "2028-01-01", to: "2028-03-31" });
    expect(quarterDates("2026-Q5")).toBeNull();
    expect(quarterDates("2026-4")).toBeNull();
    expect(quarterOfDate("2026-11-19")).toBe("2026-Q4");
    expect(sampleSize(undefined)).toBe(10);
    expect(sampleSize("25")).toBe(25);
    expect(sampleSize("0")).toBeNull();
    expect(sampleSize("1e3")).toBeNull();
  });
});
