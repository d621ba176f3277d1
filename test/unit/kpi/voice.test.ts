import { describe, expect, it } from "vitest";
import { voiceFigures, voiceTable, type ReportGroup, type VoteGroup } from "../../../server/kpi/voice.ts";

// Seed 004's figures on a small hand-built set, each expectation worked out by hand
// in the comments.

const g = (p: Partial<ReportGroup> & { n: number }): ReportGroup => ({
  type: "escalation",
  agencyCode: "MOMAH",
  ground: "overdue",
  technicalFault: null,
  closed: false,
  days: 0,
  ...p,
});

// 20 reports: 12 escalations (MOMAH 6, MOH 4, WATER 2), 5 improvements, 3 digitisations.
const reports: ReportGroup[] = [
  g({ agencyCode: "MOMAH", ground: "overdue", n: 4, closed: true, days: 40, technicalFault: false }), // 10 days each
  g({ agencyCode: "MOMAH", ground: "no_news", n: 2, technicalFault: true }),
  g({ agencyCode: "MOH", ground: "closed_unprocessed", n: 3, closed: true, days: 15, technicalFault: true }), // 5 days each
  g({ agencyCode: "MOH", ground: "rated_unresolved", n: 1 }),
  g({ agencyCode: "WATER", ground: null, n: 2 }),
  g({ type: "service_improvement", agencyCode: "MOMAH", ground: null, n: 5, closed: true, days: 25, technicalFault: true }),
  g({ type: "digital_transformation", agencyCode: "MOH", ground: null, n: 3, technicalFault: false }),
];
// 10 votes: complaints 6 yes, 1 partly, 1 no; reports 0 yes, 1 partly, 1 no.
const votes: VoteGroup[] = [
  { source: "complaint", resolved: "yes", n: 6 },
  { source: "complaint", resolved: "partly", n: 1 },
  { source: "complaint", resolved: "no", n: 1 },
  { source: "report", resolved: "partly", n: 1 },
  { source: "report", resolved: "no", n: 1 },
];

describe("voice of the beneficiary figures", () => {
  const f = voiceFigures(reports, votes);

  it("reports by type, completion (closed of received) and average days (over the closed)", () => {
    expect(f.received).toBe(20);
    expect(f.byType).toEqual({ escalation: 12, service_improvement: 5, digital_transformation: 3 });
    expect(f.closed).toBe(12); // 4 + 3 + 5
    expect(f.completionRate).toBe(0.6);
    expect(f.avgDaysToClose).toBeCloseTo(80 / 12, 10); // (40 + 15 + 25) / 12 = 6.67
  });

  it("the 'yes' share is yes of every answered vote, from both sources; partly is not yes", () => {
    expect(f.votes).toEqual({ total: 10, yes: 6, partly: 2, no: 2, fromComplaints: 8, fromReports: 2, yesShare: 0.6 });
  });

  it("top agencies by escalations, most first; grounds in their order with the unrecorded last", () => {
    expect(f.escalations).toBe(12);
    expect(f.topAgencies).toEqual([
      { agencyCode: "MOMAH", n: 6, share: 0.5 },
      { agencyCode: "MOH", n: 4, share: 4 / 12 },
      { agencyCode: "WATER", n: 2, share: 2 / 12 },
    ]);
    expect(f.grounds.map((x) => [x.ground, x.n])).toEqual([
      ["overdue", 4],
      ["closed_unprocessed", 3],
      ["rated_unresolved", 1],
      ["no_news", 2],
      ["", 2],
    ]);
  });

  it("technical faults: of the reports a reviewer assessed", () => {
    // Assessed: 4 + 2 + 3 + 5 + 3 = 17 of 20; faults: 2 + 3 + 5 = 10.
    expect(f.technical).toEqual({ assessed: 17, faults: 10, assessedShare: 0.85, share: 10 / 17 });
  });

  it("top 10 only, ties by code; nothing at all gives nulls, not zeros", () => {
    const many = Array.from({ length: 12 }, (_, i) => g({ agencyCode: `A${String(i).padStart(2, "0")}`, n: i < 2 ? 5 : 1 }));
    const top = voiceFigures(many, []).topAgencies;
    expect(top).toHaveLength(10);
    expect(top.slice(0, 3).map((x) => x.agencyCode)).toEqual(["A00", "A01", "A02"]);
    const none = voiceFigures([], []);
    expect(none.completionRate).toBeNull();
    expect(none.avgDaysToClose).toBeNull();
    expect(none.votes.yesShare).toBeNull();
    expect(none.technical.share).toBeNull();
    expect(none.grounds.every((x) => x.n === 0 && x.share === null)).toBe(true);
  });

  it("the table: one row per figure, percentages with one decimal, names and labels translated", () => {
    const labels = {
      headers: { section: "S", item: "I", value: "V", share: "%" },
      sections: { reports: "R", feedback: "F", agencies: "A", grounds: "G", technical: "T" },
      items: {
        received: "received",
        closed: "closed",
        avgDays: "days",
        votes: "votes",
        yes: "yes",
        partly: "partly",
        no: "no",
        fromComplaints: "complaints",
        fromReports: "reports",
        escalations: "escalations",
        assessed: "assessed",
        technicalFault: "fault",
        groundUnknown: "unknown",
      },
      types: { escalation: "esc", service_improvement: "imp", digital_transformation: "dig" },
      grounds: { overdue: "late", closed_unprocessed: "unprocessed", rated_unresolved: "unresolved", no_news: "silent" },
      agency: (code: string) => `Agency ${code}`,
    };
    const t = voiceTable(f, labels);
    expect(t.headers).toEqual(["S", "I", "V", "%"]);
    expect(t.rows).toEqual([
      ["R", "received", 20, null],
      ["R", "esc", 12, 60],
      ["R", "imp", 5, 25],
      ["R", "dig", 3, 15],
      ["R", "closed", 12, 60],
      ["R", "days", 6.7, null],
      ["F", "votes", 10, null],
      ["F", "yes", 6, 60],
      ["F", "partly", 2, 20],
      ["F", "no", 2, 20],
      ["F", "complaints", 8, 80],
      ["F", "reports", 2, 20],
      ["A", "Agency MOMAH", 6, 50],
      ["A", "Agency MOH", 4, 33.3],
      ["A", "Agency WATER", 2, 16.7],
      ["G", "escalations", 12, null],
      ["G", "late", 4, 33.3],
      ["G", "unprocessed", 3, 25],
      ["G", "unresolved", 1, 8.3],
      ["G", "silent", 2, 16.7],
      ["G", "unknown", 2, 16.7],
      ["T", "assessed", 17, 85],
      ["T", "fault", 10, 58.8],
    ]);
    expect(t.sections).toHaveLength(t.rows.length);
  });
});
