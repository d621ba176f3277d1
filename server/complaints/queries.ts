// The citizen's view of their complaints: what they wrote, where it stands, and only
// the steps and files meant for them. The rows come from store-views.ts.

import type { Db } from "../db.ts";
import { citizenAttachment, citizenComplaintRows, citizenVisibleAttachments, complaintWithNames, publicTimeline } from "./store-views.ts";

export { citizenAttachment };

export interface CitizenComplaintView {
  reference: string;
  kind: string;
  status: string;
  title: string | null;
  praisedStaff: string | null;
  staffConcerned: string | null;
  text: string;
  city: string;
  agencyCode: string | null;
  agency: { ar: string; en: string } | null;
  serviceCode: string | null;
  service: { ar: string; en: string } | null;
  routedBy: string;
  createdAt: string;
  version: number;
  citizenId: string | null;
  dueAt: Date | null;
  infoDueAt: Date | null;
  closedAt: Date | null;
  outcome: string | null;
  resolution: string | null;
  reopenUntil: Date | null;
  reopenCount: number;
  /** Only what the citizen wrote or was asked; internal reasons never leave the agency. */
  timeline: { type: string; status: string | null; at: string; text?: string }[];
  /** `eventType` is the step a file came with (null: the filing); internal notes' files are left out. */
  attachments: { id: string; filename: string; contentType: string; size: number; eventType: string | null }[];
}

// The words of an event a citizen may read: the agency's question and their own answers.
function citizenText(type: string, data: Record<string, unknown>): { text?: string } {
  const key = ({ info_requested: "message", answered: "text", reopened: "reason", withdrawn: "reason" } as Record<string, string>)[type];
  const v = key ? data[key] : undefined;
  return typeof v === "string" && v ? { text: v } : {};
}

// A transfer that withdrew the agency's question reads as such: the citizen need not answer.
const citizenType = (type: string, data: Record<string, unknown>): string =>
  type === "transferred" && data.infoRequestWithdrawn ? "transferred_info_withdrawn" : type;

/** The citizen's own complaints, newest first. Scoped by citizen id in the query itself. */
export async function citizenComplaints(db: Db, citizenId: string, limit = 100) {
  const rows = await citizenComplaintRows(db, citizenId, limit);
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

/** One complaint as its citizen sees it: null when it is not theirs (the same as missing). */
export async function citizenComplaint(db: Db, citizenId: string, reference: string): Promise<CitizenComplaintView | null> {
  const r = await complaintWithNames(db, { reference, citizenId });
  if (!r) return null;
  const { c } = r;
  const [events, attachments] = [await publicTimeline(db, c.id), await citizenVisibleAttachments(db, c.id)];
  return {
    reference: c.reference,
    kind: c.kind,
    status: c.status,
    title: c.title,
    praisedStaff: c.praisedStaff,
    staffConcerned: c.staffConcerned,
    text: c.text,
    city: c.city,
    agencyCode: c.agencyCode,
    agency: r.agency,
    serviceCode: c.serviceCode,
    service: r.service,
    routedBy: c.routedBy,
    createdAt: c.createdAt.toISOString(),
    version: c.version,
    citizenId: c.citizenId,
    dueAt: c.dueAt,
    infoDueAt: c.infoDueAt,
    closedAt: c.closedAt,
    outcome: c.outcome,
    resolution: c.resolution,
    reopenUntil: c.reopenUntil,
    reopenCount: c.reopenCount,
    timeline: events.map((e) => ({
      type: citizenType(e.type, e.data),
      status: e.status,
      at: e.at.toISOString(),
      ...citizenText(e.type, e.data),
    })),
    attachments,
  };
}
