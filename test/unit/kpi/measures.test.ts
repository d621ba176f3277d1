import { describe, expect, it } from "vitest";
import { addSums, measures, quantile, ranking, type Kpis } from "../../../server/kpi/compute.ts";

describe("KPI measures", () => {
  it("computes every figure from a hand-built set of sums", () => {
    const k = measures(
      {
        received: { "complaint:portal": 6, "complaint:call_centre": 2, "inquiry:portal": 2 },
        accepted: { "": 6 },
        rejected: { "": 2 },
        decide_days: { "": 12 },
        closed: { resolved: 4, not_resolvable: 1 },
        closed_due: { complaint: 5 },
        closed_on_time: { "": 3 },
        closed_first_contact: { "": 1 },
        close_days: { "1": 1, "2": 2, "3": 1, "9": 1 },
        reopened: { resolved: 1 },
        rating_invited: { "": 5 },
        rating: { yes: 2, no: 1 },
        stars: { "": 11 },
        escalated: { "1": 3, "2": 1 },
        reports: { escalation: 2, service_improvement: 1 },
        reports_closed: { upheld: 1 },
        report_days: { "": 4.5 },
      },
      3,
    );
    expect(k).toEqual<Kpis>({
      received: 10,
      receivedBy: { kind: { complaint: 8, inquiry: 2 }, channel: { portal: 8, call_centre: 2 } },
      accepted: 6,
      rejected: 2,
      acceptanceRate: 0.75,
      avgDecideDays: 1.5,
      closed: 5,
      closedOnTime: 3,
      openOverdue: 3,
      onTimeRate: 3 / 8, // the backlog of 3 overdue counts against the 5 closes
      medianCloseDays: 2,
      p90CloseDays: 9,
      firstTimeResolution: 0.75, // 4 resolved, 1 of them reopened
      firstContactResolution: 0.2, // 1 of the 5 closes was resolved at the first contact
      reopenRate: 0.2,
      satisfaction: { invited: 5, answered: 3, yes: 2, partly: 0, no: 1, avgStars: 11 / 3, responseRate: 0.6 },
      escalations: { 1: 3, 2: 1, 3: 0 },
      reports: { filed: 3, byType: { escalation: 2, service_improvement: 1 }, closed: 1, byOutcome: { upheld: 1 }, avgDays: 4.5 },
    });
  });

  it("says nothing rather than 0% when there is nothing to measure", () => {
    const k = measures({}, 0);
    expect(k.acceptanceRate).toBeNull();
    expect(k.onTimeRate).toBeNull();
    expect(k.medianCloseDays).toBeNull();
    expect(k.satisfaction.avgStars).toBeNull();
    expect(measures({}, 2).onTimeRate).toBe(0); // nothing closed but two overdue: 0%, not unknown
  });

  it("takes quantiles from a histogram by nearest rank", () => {
    expect(quantile({ "1": 1, "2": 1, "3": 1, "4": 1 }, 0.5)).toBe(2);
    expect(quantile({ "1": 9, "20": 1 }, 0.9)).toBe(1);
    expect(quantile({ "1": 8, "20": 2 }, 0.9)).toBe(20);
    expect(quantile({}, 0.5)).toBeNull();
  });

  it("adds sums and ranks only agencies above the minimum number of cases", () => {
    expect(addSums({ closed: { resolved: 1 } }, { closed: { resolved: 2, duplicate: 1 }, received: { "complaint:portal": 1 } })).toEqual({
      closed: { resolved: 3, duplicate: 1 },
      received: { "complaint:portal": 1 },
    });
    const a = measures(
      { received: { "complaint:portal": 30 }, closed: { resolved: 10 }, closed_due: { complaint: 10 }, closed_on_time: { "": 9 } },
      0,
    );
    const b = measures(
      { received: { "complaint:portal": 30 }, closed: { resolved: 10 }, closed_due: { complaint: 10 }, closed_on_time: { "": 5 } },
      0,
    );
    const tiny = measures(
      { received: { "complaint:portal": 2 }, closed: { resolved: 1 }, closed_due: { complaint: 1 }, closed_on_time: { "": 1 } },
      0,
    );
    const r = ranking(
      new Map([
        ["A", a],
        ["B", b],
        ["T", tiny],
      ]),
      (k) => k.onTimeRate,
      20,
    );
    expect(r.map((x) => x.agencyCode)).toEqual(["A", "B"]);
  });
});
