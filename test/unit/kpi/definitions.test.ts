import { describe, expect, it } from "vitest";
import {
  combineQuality,
  computeAll,
  FIRST_RESPONSE_DEFINITION,
  KPI,
  KPI_DEFINITIONS,
  type KpiInputs,
} from "../../../server/kpi/definitions.ts";
import { isFirstContactResolution } from "../../../server/kpi/first-contact.ts";
import { ageBucket, ageCutoffs, dimensionRows, regionRows, serviceRows } from "../../../server/kpi/breakdowns.ts";
import { createCalendar, startOfLocalDay } from "../../../server/calendar/index.ts";
import type { Sums } from "../../../server/kpi/store.ts";

// Every indicator of seed 002 on one hand-built period, the expected values worked out
// by hand in the comments.
const inputs: KpiInputs = {
  sums: {
    accepted: { "": 6 },
    rejected: { "": 2 },
    // 10 closes: 6 complaints, 3 inquiries, 1 praise (which has no deadline).
    closed: { resolved: 5, answered: 3, not_resolvable: 1, acknowledged: 1 },
    closed_kind: { complaint: 6, inquiry: 3, praise: 1 },
    closed_due: { complaint: 6, inquiry: 3 },
    closed_on_time: { complaint: 4, inquiry: 3 },
    closed_first_contact: { complaint: 1, inquiry: 2 },
    answered_in_target: { inquiry: 2 },
    rating: { yes: 3, partly: 1, no: 1 },
    stars_hist: { "complaint:5": 2, "complaint:2": 1, "inquiry:4": 1, "inquiry:3": 1 },
  },
  overdueByKind: { complaint: 2 },
  pastTargetByKind: { inquiry: 1 },
  audit: {
    complaint: { n: 2, addressed: 4, correct: 3, clear: 2, complete: 3 }, // 12 of 16
    inquiry: { n: 1, addressed: 2, correct: 1, clear: 2, complete: 2 }, // 7 of 8
  },
};

describe("seed 002's indicators, defined once", () => {
  it("computes every indicator on a hand-built period", () => {
    const v = Object.fromEntries(computeAll(inputs).map((x) => [x.def.id, x.figure]));
    expect(v.first_contact_resolution).toEqual({ value: 0.3, numerator: 3, denominator: 10 });
    expect(v.acceptance_rate).toEqual({ value: 0.75, numerator: 6, denominator: 8 });
    expect(v.rejection_rate).toEqual({ value: 0.25, numerator: 2, denominator: 8 });
    // 7 on time of 9 closes with a deadline plus 2 open overdue complaints.
    expect(v.on_time).toEqual({ value: 7 / 11, numerator: 7, denominator: 11 });
    expect(v.on_time_complaint).toEqual({ value: 0.5, numerator: 4, denominator: 8 });
    expect(v.on_time_inquiry).toEqual({ value: 1, numerator: 3, denominator: 3 });
    expect(v.on_time_praise).toEqual({ value: null, numerator: 0, denominator: 0 }); // no deadline: nothing to measure
    expect(v.on_time_suggestion!.value).toBeNull();
    expect(v.on_time_report!.value).toBeNull();
    // Audit 19 of 24 points; 3 of 5 ratings "yes": 0.5 × 19/24 + 0.5 × 0.6.
    expect(v.quality!.parts).toEqual({ audit: 19 / 24, resolved: 0.6 });
    expect(v.quality!.value).toBeCloseTo(0.5 * (19 / 24) + 0.5 * 0.6, 12);
    expect(v.satisfaction).toEqual({ value: 0.6, numerator: 3, denominator: 5 }); // 5, 5 and 4 stars of five ratings
    expect(v.inquiry_immediate).toEqual({ value: 2 / 3, numerator: 2, denominator: 3 });
    // 2 within 42 hours of 3 closed, plus 1 open inquiry already older than 42 hours.
    expect(v.inquiry_in_target).toEqual({ value: 0.5, numerator: 2, denominator: 4 });
    expect(v.inquiry_satisfaction).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
    // "addressed" 2 + "correct" 1 of 4 for the one audited inquiry.
    expect(v.inquiry_accuracy).toEqual({ value: 0.75, numerator: 3, denominator: 4 });
    expect(FIRST_RESPONSE_DEFINITION.compute(3, 1)).toEqual({ value: 0.75, numerator: 3, denominator: 4 });
  });

  it("says nothing rather than 0% when there is nothing to measure", () => {
    const empty: KpiInputs = { sums: {}, overdueByKind: {}, pastTargetByKind: {}, audit: {} };
    for (const { def, figure } of computeAll(empty)) expect(figure.value, def.id).toBeNull();
    expect(KPI.on_time.compute({ ...empty, overdueByKind: { complaint: 2 } }).value).toBe(0);
  });

  it("has a name, formula and numerator and denominator in both languages for each, and unique ids", () => {
    expect(new Set(KPI_DEFINITIONS.map((d) => d.id)).size).toBe(KPI_DEFINITIONS.length);
    for (const d of KPI_DEFINITIONS)
      for (const text of [d.name, d.formula, d.numerator, d.denominator]) {
        expect(text.ar, d.id).toMatch(/[\u0600-\u06FF]/);
        expect(text.en, d.id).toMatch(/[a-z]/);
      }
  });

  it("weighs the audit and the citizens' answers half each, or takes the one there is", () => {
    expect(combineQuality(0.8, 0.4)).toBeCloseTo(0.6, 12);
    expect(combineQuality(0.8, null)).toBe(0.8);
    expect(combineQuality(null, 0.4)).toBe(0.4);
    expect(combineQuality(null, null)).toBeNull();
  });

  it("counts an inquiry answered on the spot as first contact, never a close rated not resolved", () => {
    const base = { actionType: "first_contact", outcome: "answered", reopened: false, rated: null } as const;
    expect(isFirstContactResolution(base)).toBe(true);
    expect(isFirstContactResolution({ ...base, rated: "no" })).toBe(false);
    expect(isFirstContactResolution({ ...base, outcome: "acknowledged" })).toBe(false);
  });
});

describe("breakdowns", () => {
  it("splits the breakdown sums into one table per classification, and folds cities into regions", () => {
    const dims = dimensionRows({
      bd_received: { "kind=complaint": 5, "kind=inquiry": 2, "channel=portal": 7, "city=riyadh": 4, "city=kharj": 3 },
      bd_closed: { "kind=complaint": 3, "kind=inquiry": 2, "city=riyadh": 5 },
      bd_closed_due: { "kind=complaint": 3, "kind=inquiry": 2, "city=riyadh": 5 },
      bd_on_time: { "kind=complaint": 2, "kind=inquiry": 2, "city=riyadh": 4 },
    });
    expect(dims.kind).toEqual([
      { value: "complaint", received: 5, closed: 3, closedDue: 3, closedOnTime: 2, onTime: 2 / 3 },
      { value: "inquiry", received: 2, closed: 2, closedDue: 2, closedOnTime: 2, onTime: 1 },
    ]);
    expect(dims.channel).toEqual([{ value: "portal", received: 7, closed: 0, closedDue: 0, closedOnTime: 0, onTime: null }]);
    expect(dims.complexity).toEqual([]);
    expect(regionRows(dims.city, () => "Riyadh Region")).toEqual([
      { value: "Riyadh Region", received: 7, closed: 5, closedDue: 5, closedOnTime: 4, onTime: 0.8 },
    ]);
    expect(
      serviceRows(
        new Map<string, Sums>([
          [
            "MOMAH/ROADS",
            {
              received: { "complaint:portal": 3 },
              closed: { resolved: 2 },
              closed_due: { complaint: 2 },
              closed_on_time: { complaint: 1 },
            },
          ],
          ["/", { received: { "complaint:portal": 9 } }], // still in triage: no service yet
        ]),
      ),
    ).toEqual([{ value: "MOMAH/ROADS", received: 3, closed: 2, closedDue: 2, closedOnTime: 1, onTime: 0.5 }]);
  });

  it("buckets pending cases by working days: 0–5, 6–10, 11–20, over 20", () => {
    expect([0, 5, 6, 10, 11, 20, 21, 90].map(ageBucket)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
  });

  it("finds each bucket's cut-off on the hub calendar (Sunday to Thursday)", () => {
    const cal = createCalendar();
    const now = new Date("2026-11-19T12:00:00+03:00"); // a Thursday
    // Filed Tue 10 Nov: Wed 11, Thu 12, Sun 15 – Wed 18 have ended = 6 working days; filed Wed 11 Nov: 5.
    const [six, eleven, twentyOne] = ageCutoffs(cal, now);
    expect(six).toEqual(startOfLocalDay(cal, "2026-11-11"));
    // Filed Tue 3 Nov: 4, 5, 8–12, 15–18 = 11 working days; filed Wed 4 Nov: 10.
    expect(eleven).toEqual(startOfLocalDay(cal, "2026-11-04"));
    expect(twentyOne!.getTime()).toBeLessThan(eleven!.getTime());
  });
});
