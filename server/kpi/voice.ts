// The national "voice of the beneficiary" figures (seed 004: 1,087 reports, 78 %
// completed, 15 days, 60 % "yes" of 2,843 votes, the top agencies by escalations, the
// kinds of escalation, the technical-fault share), from grouped rows the store reads
// (voice-store.ts). Pure, so a hand-built set checks every figure; the page, its CSV
// and its XLSX are all made from one table (voiceTable) so they cannot disagree.

import { REPORT_TYPES, type ReportType } from "../reports/eligibility.ts";
import type { FigureTable } from "./table.ts";

/** Digital reports filed in the period, grouped; `days` sums calendar days from filing to closing over the closed ones. */
export interface ReportGroup {
  type: ReportType;
  agencyCode: string;
  ground: string | null;
  technicalFault: boolean | null;
  closed: boolean;
  n: number;
  days: number;
}

/** Ratings answered in the period, by where they came from and the answer. */
export interface VoteGroup {
  source: "complaint" | "report";
  resolved: "yes" | "partly" | "no";
  n: number;
}

export const TOP_AGENCIES = 10;
export const GROUNDS = ["overdue", "closed_unprocessed", "rated_unresolved", "no_news"] as const;

export interface VoiceFigures {
  received: number;
  byType: Record<ReportType, number>;
  closed: number;
  /** closed / received, 0–1; null with nothing received. */
  completionRate: number | null;
  avgDaysToClose: number | null;
  votes: { total: number; yes: number; partly: number; no: number; fromComplaints: number; fromReports: number; yesShare: number | null };
  escalations: number;
  /** Most escalations first; ties by agency code, so the order is stable. */
  topAgencies: { agencyCode: string; n: number; share: number | null }[];
  /** The four grounds in their order, then any other ground recorded, then "" (none recorded) when present. */
  grounds: { ground: string; n: number; share: number | null }[];
  technical: { assessed: number; faults: number; assessedShare: number | null; share: number | null };
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

export function voiceFigures(reports: readonly ReportGroup[], votes: readonly VoteGroup[]): VoiceFigures {
  const byType = Object.fromEntries(REPORT_TYPES.map((t) => [t, 0])) as Record<ReportType, number>;
  let received = 0;
  let closed = 0;
  let days = 0;
  let assessed = 0;
  let faults = 0;
  const perAgency = new Map<string, number>();
  const perGround = new Map<string, number>();
  for (const g of reports) {
    received += g.n;
    byType[g.type] += g.n;
    if (g.closed) {
      closed += g.n;
      days += g.days;
    }
    if (g.technicalFault !== null) assessed += g.n;
    if (g.technicalFault) faults += g.n;
    if (g.type === "escalation") {
      perAgency.set(g.agencyCode, (perAgency.get(g.agencyCode) ?? 0) + g.n);
      perGround.set(g.ground ?? "", (perGround.get(g.ground ?? "") ?? 0) + g.n);
    }
  }
  const escalations = byType.escalation;
  const count = (s: VoteGroup["source"] | null, r: VoteGroup["resolved"] | null) =>
    votes.filter((v) => (s === null || v.source === s) && (r === null || v.resolved === r)).reduce((a, v) => a + v.n, 0);
  const total = count(null, null);
  const yes = count(null, "yes");
  const known = new Set<string>(GROUNDS);
  const groundOrder = [...GROUNDS, ...[...perGround.keys()].filter((g) => g && !known.has(g)).sort(), ...(perGround.has("") ? [""] : [])];
  return {
    received,
    byType,
    closed,
    completionRate: ratio(closed, received),
    avgDaysToClose: ratio(days, closed),
    votes: {
      total,
      yes,
      partly: count(null, "partly"),
      no: count(null, "no"),
      fromComplaints: count("complaint", null),
      fromReports: count("report", null),
      yesShare: ratio(yes, total),
    },
    escalations,
    topAgencies: [...perAgency.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, TOP_AGENCIES)
      .map(([agencyCode, n]) => ({ agencyCode, n, share: ratio(n, escalations) })),
    grounds: groundOrder.map((ground) => ({
      ground,
      n: perGround.get(ground) ?? 0,
      share: ratio(perGround.get(ground) ?? 0, escalations),
    })),
    technical: { assessed, faults, assessedShare: ratio(assessed, received), share: ratio(faults, assessed) },
  };
}

const pct = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);
const one = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

export type VoiceSection = "reports" | "feedback" | "agencies" | "grounds" | "technical";
export const VOICE_SECTIONS: readonly VoiceSection[] = ["reports", "feedback", "agencies", "grounds", "technical"];

export interface VoiceLabels {
  headers: { section: string; item: string; value: string; share: string };
  sections: Record<VoiceSection, string>;
  items: {
    received: string;
    closed: string;
    avgDays: string;
    votes: string;
    yes: string;
    partly: string;
    no: string;
    fromComplaints: string;
    fromReports: string;
    escalations: string;
    assessed: string;
    technicalFault: string;
    groundUnknown: string;
  };
  types: Record<ReportType, string>;
  grounds: Record<string, string>;
  agency: (code: string) => string;
}

/**
 * The figures as rows of section, item, value and share (percentages 0–100 with one
 * decimal, null for "nothing to measure"): the page shows each section's rows, the CSV
 * and the XLSX all of them.
 */
export function voiceTable(f: VoiceFigures, l: VoiceLabels): FigureTable & { sections: VoiceSection[] } {
  const rows: (string | number | null)[][] = [];
  const sections: VoiceSection[] = [];
  const add = (s: VoiceSection, item: string, value: number | null, share: number | null) => {
    sections.push(s);
    rows.push([l.sections[s], item, value, share]);
  };
  add("reports", l.items.received, f.received, null);
  for (const t of REPORT_TYPES) add("reports", l.types[t], f.byType[t], pct(ratio(f.byType[t], f.received)));
  add("reports", l.items.closed, f.closed, pct(f.completionRate));
  add("reports", l.items.avgDays, one(f.avgDaysToClose), null);
  add("feedback", l.items.votes, f.votes.total, null);
  add("feedback", l.items.yes, f.votes.yes, pct(f.votes.yesShare));
  add("feedback", l.items.partly, f.votes.partly, pct(ratio(f.votes.partly, f.votes.total)));
  add("feedback", l.items.no, f.votes.no, pct(ratio(f.votes.no, f.votes.total)));
  add("feedback", l.items.fromComplaints, f.votes.fromComplaints, pct(ratio(f.votes.fromComplaints, f.votes.total)));
  add("feedback", l.items.fromReports, f.votes.fromReports, pct(ratio(f.votes.fromReports, f.votes.total)));
  for (const a of f.topAgencies) add("agencies", l.agency(a.agencyCode), a.n, pct(a.share));
  add("grounds", l.items.escalations, f.escalations, null);
  for (const g of f.grounds) add("grounds", g.ground ? (l.grounds[g.ground] ?? g.ground) : l.items.groundUnknown, g.n, pct(g.share));
  add("technical", l.items.assessed, f.technical.assessed, pct(f.technical.assessedShare));
  add("technical", l.items.technicalFault, f.technical.faults, pct(f.technical.share));
  return { headers: [l.headers.section, l.headers.item, l.headers.value, l.headers.share], rows, sections };
}
