import { describe, expect, it } from "vitest";
import { disclose, publicDisclosure, type DisclosureRule } from "../../../server/kpi/disclose.ts";
import { COLUMNS } from "../../../server/kpi/table.ts";
import { SUPPRESS_BELOW } from "../../../server/policy.ts";

// The public small-count rule, by column name. The hand-made table puts its columns in
// an order of its own, so a rule that picked cells by position would fail here.
const rule: DisclosureRule<"agency" | "rate" | "received" | "closed"> = {
  columns: ["agency", "rate", "received", "closed"],
  suppressBelow: 10,
  population: "received",
  counts: ["received", "closed"],
  keep: ["agency"],
  suppressed: "<10",
};
const table = (rows: (string | number | null)[][]) => ({ headers: ["Agency", "Rate %", "Received", "Closed"], rows });

describe("disclose", () => {
  it("a small agency shows only its name and 'under 10' for its population; its rates are withheld", () => {
    expect(disclose(table([["Small", 50, 9, 2]]), rule).rows).toEqual([["Small", null, "<10", null]]);
    // No figure at all counts as none received.
    expect(disclose(table([["None", null, null, null]]), rule).rows).toEqual([["None", null, "<10", null]]);
  });

  it("from the threshold on, the figures show, except small non-zero counts; zero and rates stay", () => {
    expect(
      disclose(
        table([
          ["Big", 4.5, 10, 3],
          ["Bigger", 7, 120, 0],
          ["Most", 9, 300, 10],
        ]),
        rule,
      ).rows,
    ).toEqual([
      ["Big", 4.5, 10, "<10"],
      ["Bigger", 7, 120, 0],
      ["Most", 9, 300, 10],
    ]);
  });

  it("keeps the headers, and refuses a rule naming a column the table does not have", () => {
    expect(disclose(table([]), rule).headers).toEqual(["Agency", "Rate %", "Received", "Closed"]);
    expect(() => disclose(table([]), { ...rule, population: "opened" as "received" })).toThrow(RangeError);
  });

  it("the public rule reads figureTable's columns by name: received gates the row, rates are never counts", () => {
    const r = publicDisclosure("under 10");
    expect(r.suppressBelow).toBe(SUPPRESS_BELOW);
    const row = ["Agency", ...COLUMNS.map((c) => (c === "received" ? 40 : c === "closed" ? 3 : c === "onTimeRate" ? 5 : 1))];
    const out = disclose({ headers: [], rows: [row] }, r).rows[0]!;
    const cell = (c: string) => out[["name", ...COLUMNS].indexOf(c as never)];
    expect([cell("name"), cell("received"), cell("closed"), cell("onTimeRate"), cell("avgStars"), cell("ratings")]).toEqual([
      "Agency",
      40,
      "under 10",
      5,
      1,
      "under 10",
    ]);
  });
});
