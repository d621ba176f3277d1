import { describe, expect, it } from "vitest";
import { checkChain, describeProblem, type ChainRow } from "../../../server/audit/chain.ts";

// The verifier's verdict over one complaint's rows (server/audit/chain.ts).
const chain = (n: number): ChainRow[] =>
  Array.from({ length: n }, (_, i) => ({
    id: 10 + i,
    seq: i + 1,
    prevHash: i === 0 ? null : `h${i}`,
    hash: `h${i + 1}`,
    recomputed: `h${i + 1}`,
  }));

describe("checkChain", () => {
  it("passes an intact chain", () => {
    expect(checkChain("complaint_events", "c1", chain(5))).toEqual([]);
  });

  it("names a changed row and only that row", () => {
    const rows = chain(4);
    rows[2] = { ...rows[2]!, recomputed: "other" };
    expect(checkChain("complaint_events", "c1", rows)).toEqual([
      { kind: "changed", table: "complaint_events", complaintId: "c1", id: 12, seq: 3 },
    ]);
  });

  it("names a deleted row by the gap it leaves, and a deleted run as one gap", () => {
    const rows = chain(6);
    expect(checkChain("complaint_events", "c1", [rows[0]!, rows[2]!, rows[5]!])).toEqual([
      { kind: "missing", table: "complaint_events", complaintId: "c1", fromSeq: 2, toSeq: 2, beforeId: 12 },
      { kind: "missing", table: "complaint_events", complaintId: "c1", fromSeq: 4, toSeq: 5, beforeId: 15 },
    ]);
    expect(describeProblem({ kind: "missing", table: "complaint_events", complaintId: "c1", fromSeq: 4, toSeq: 5, beforeId: 15 })).toBe(
      "complaint_events complaint c1: rows seq 4–5 are missing (deleted before row id 15)",
    );
  });

  it("finds a row whose hash was rewritten to match its new content by the broken link after it", () => {
    const rows = chain(3);
    rows[1] = { ...rows[1]!, hash: "forged", recomputed: "forged" };
    expect(checkChain("personal_data_views", "c1", rows)).toEqual([
      { kind: "out_of_chain", table: "personal_data_views", complaintId: "c1", id: 12, seq: 3 },
    ]);
  });

  it("finds a row slipped in without the trigger (seq 0 or a repeated seq)", () => {
    const rows = chain(2);
    const slipped = { id: 99, seq: 0, prevHash: null, hash: "", recomputed: "x" };
    expect(checkChain("complaint_events", "c1", [slipped, ...rows])).toEqual([
      { kind: "out_of_chain", table: "complaint_events", complaintId: "c1", id: 99, seq: 0 },
    ]);
  });
});
