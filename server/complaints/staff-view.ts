// One complaint as staff see it. Scope first: a complaint outside the reader's agencies
// is "not found", exactly like a missing one. Privacy by design (seed 003): before the
// agency accepts jurisdiction nobody there sees the national number, mobile or address;
// after, they see what they need to act, and every such view is written down.

import type { Db } from "../db.ts";
import type { Status } from "./lifecycle.ts";
import type { MediaItem } from "./effects.ts";
import {
  attachmentWithAgency,
  attachmentsOf,
  citizenById,
  complaintWithNames,
  logPersonalDataView,
  personalDataLog,
  staffTimeline,
} from "./store-views.ts";
import { complaintScope, hasRole, type StaffActor } from "../auth/roles.ts";

export interface PersonalData {
  name: string | null;
  nationalId: string | null;
  mobile: string | null;
  email: string | null;
  address: string | null;
}

export interface StaffComplaintView {
  id: string;
  reference: string;
  kind: string;
  status: Status;
  version: number;
  title: string | null;
  /** Praise: the staff member thanked, as the citizen wrote the name. */
  praisedStaff: string | null;
  staffConcerned: string | null;
  text: string;
  city: string;
  cityName: { ar: string; en: string };
  district: string | null;
  lat: number | null;
  lng: number | null;
  channel: string;
  /** The media item it came from (seed 002 §5.2): outlet, day, link, clipping; null for other channels. */
  media: MediaItem | null;
  /** A media item's reply to the outlet for the current closure, if recorded (the latest). */
  outletReply: { repliedOn: string; means: string; text: string; at: Date; by: string | null } | null;
  identityVerified: boolean;
  agencyCode: string | null;
  agency: { ar: string; en: string } | null;
  serviceCode: string | null;
  service: { ar: string; en: string } | null;
  slaDays: number | null;
  jurisdictionDays: number | null;
  classification: { complexity: string; importance: string; actionType: string };
  createdAt: Date;
  /** Moves with every change of state (the agency API's change feed orders by it). */
  updatedAt: Date;
  jurisdictionDueAt: Date | null;
  acceptedAt: Date | null;
  resolutionDays: number | null;
  extensionReason: string | null;
  dueAt: Date | null;
  pausedAt: Date | null;
  pausedDays: number;
  infoDueAt: Date | null;
  closedAt: Date | null;
  outcome: string | null;
  resolution: string | null;
  reopenUntil: Date | null;
  reopenCount: number;
  rejectionCount: number;
  transferCount: number;
  flagged: boolean;
  assignedTo: string | null;
  citizenId: string | null;
  /** Null while the reader may not see who complained. */
  person: PersonalData | null;
  /** The complainant's first name, shown before acceptance so the officer can address them. */
  firstName: string | null;
  attachments: { id: string; filename: string; contentType: string; size: number; eventId: number | null }[];
  timeline: {
    id: number;
    type: string;
    from: string | null;
    to: string | null;
    at: Date;
    actorKind: string;
    actorName: string | null;
    data: Record<string, unknown>;
    visibleToCitizen: boolean;
  }[];
}

/** May this member of staff read complaints of this agency at all? */
export function inScope(actor: StaffActor, agencyCode: string | null): boolean {
  const scope = complaintScope(actor);
  if (scope.kind === "all") return true;
  return scope.kind === "agencies" && agencyCode !== null && scope.codes.includes(agencyCode);
}

/** Personal data is for the agency once it has accepted, and for the unit's case workers. */
export function seesPersonalData(actor: StaffActor, c: { agencyCode: string | null; acceptedAt: Date | null; status: string }): boolean {
  if (hasRole(actor, "triage") || hasRole(actor, "reviewer")) return true;
  const agencyActor =
    c.agencyCode !== null && (hasRole(actor, "liaison", c.agencyCode) || hasRole(actor, "agency_supervisor", c.agencyCode));
  return agencyActor && c.acceptedAt !== null && c.status !== "routed" && c.status !== "triage";
}

export async function staffComplaint(db: Db, actor: StaffActor, reference: string, now: Date): Promise<StaffComplaintView | null> {
  const r = await complaintWithNames(db, { reference });
  if (!r || !inScope(actor, r.c.agencyCode)) return null;
  const c = r.c;

  const citizen = c.citizenId ? await citizenById(db, c.citizenId) : null;
  const fullName = citizen
    ? [citizen.firstName, citizen.fatherName, citizen.grandfatherName, citizen.familyName].join(" ")
    : (c.contact?.name ?? null);
  let person: PersonalData | null = null;
  if (seesPersonalData(actor, c)) {
    person = {
      name: fullName,
      nationalId: citizen?.nationalId ?? c.contact?.nationalId ?? null,
      mobile: citizen?.mobile ?? c.contact?.mobile ?? null,
      email: citizen?.email ?? c.contact?.email ?? null,
      address: citizen ? `${citizen.address}، ${citizen.city}` : null,
    };
    const fields = Object.entries(person)
      .filter(([, v]) => v)
      .map(([k]) => k);
    if (fields.length) await logPersonalDataView(db, actor.id, c.id, fields, now);
  }

  const events = await staffTimeline(db, c.id);
  // The outlet's answer to this closure: one written after the event that last closed it
  // (the same rule as the store's outletAnsweredCondition).
  const closing = events.findLastIndex(({ e }) => e.toStatus === "closed" && e.fromStatus !== "closed");
  const reply =
    c.channel === "media" && c.status === "closed" && closing >= 0
      ? events.slice(closing + 1).findLast(({ e }) => e.type === "outlet_answered")
      : undefined;
  const str = (v: unknown) => (typeof v === "string" ? v : "");

  return {
    id: c.id,
    reference: c.reference,
    kind: c.kind,
    status: c.status,
    version: c.version,
    title: c.title,
    praisedStaff: c.praisedStaff,
    staffConcerned: c.staffConcerned,
    text: c.text,
    city: c.city,
    cityName: r.city ?? { ar: c.city, en: c.city },
    district: c.district,
    lat: c.lat,
    lng: c.lng,
    channel: c.channel,
    media: c.channel === "media" ? (c.media ?? null) : null,
    outletReply: reply
      ? {
          repliedOn: str(reply.e.data.repliedOn),
          means: str(reply.e.data.means),
          text: str(reply.e.data.text),
          at: reply.e.at,
          by: reply.actorName,
        }
      : null,
    identityVerified: c.identityVerified,
    agencyCode: c.agencyCode,
    agency: r.agency,
    serviceCode: c.serviceCode,
    service: r.service,
    slaDays: r.slaDays?.[c.kind] ?? null,
    jurisdictionDays: r.jurisdictionDays,
    classification: { complexity: c.complexity, importance: c.importance, actionType: c.actionType },
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    jurisdictionDueAt: c.jurisdictionDueAt,
    acceptedAt: c.acceptedAt,
    resolutionDays: c.resolutionDays,
    extensionReason: c.extensionReason,
    dueAt: c.dueAt,
    pausedAt: c.pausedAt,
    pausedDays: c.pausedDays,
    infoDueAt: c.infoDueAt,
    closedAt: c.closedAt,
    outcome: c.outcome,
    resolution: c.resolution,
    reopenUntil: c.reopenUntil,
    reopenCount: c.reopenCount,
    rejectionCount: c.rejectionCount,
    transferCount: c.transferCount,
    flagged: c.flagged,
    assignedTo: c.assignedTo,
    citizenId: c.citizenId,
    person,
    firstName: citizen?.firstName ?? c.contact?.name?.split(" ")[0] ?? null,
    attachments: await attachmentsOf(db, c.id),
    timeline: events.map(({ e, actorName }) => ({
      id: e.id,
      type: e.type,
      from: e.fromStatus,
      to: e.toStatus,
      at: e.at,
      actorKind: e.actorKind,
      actorName,
      data: e.data,
      visibleToCitizen: e.visibleToCitizen,
    })),
  };
}

/** An attachment, through the same scope check as its complaint. */
export async function staffAttachment(db: Db, actor: StaffActor, reference: string, id: string) {
  const row = await attachmentWithAgency(db, reference, id);
  return row && inScope(actor, row.agencyCode) ? row : null;
}

export { personalDataLog };
