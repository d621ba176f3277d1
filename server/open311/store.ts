// The Open311 API's SQL. The public list selects only the columns spec.ts's
// PublicComplaint names: nothing that names or reaches a person is ever read here, so
// nothing of it can leak into an answer.

import { and, desc, eq, gte, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db.ts";
import { complaints } from "../../schema/index.ts";
import type { PublicComplaint, RequestsFilter } from "./spec.ts";

const PUBLIC_COLUMNS = {
  reference: complaints.reference,
  status: complaints.status,
  outcome: complaints.outcome,
  agencyCode: complaints.agencyCode,
  serviceCode: complaints.serviceCode,
  city: complaints.city,
  lat: complaints.lat,
  lng: complaints.lng,
  createdAt: complaints.createdAt,
  updatedAt: complaints.updatedAt,
  dueAt: complaints.dueAt,
  jurisdictionDueAt: complaints.jurisdictionDueAt,
};

/** A page of the public list, newest first (complaints_created_idx reads the window). */
export async function publicRequests(db: Db, f: RequestsFilter): Promise<PublicComplaint[]> {
  const where: (SQL | undefined)[] = [];
  if (f.references) where.push(inArray(complaints.reference, f.references));
  else where.push(gte(complaints.createdAt, f.from), lte(complaints.createdAt, f.to));
  if (f.services?.length) {
    where.push(or(...f.services.map((s) => and(eq(complaints.agencyCode, s.agencyCode), eq(complaints.serviceCode, s.serviceCode)))));
  }
  if (f.statuses?.length) where.push(inArray(complaints.status, f.statuses));
  return db
    .select(PUBLIC_COLUMNS)
    .from(complaints)
    .where(and(...where))
    .orderBy(desc(complaints.createdAt), desc(complaints.id))
    .limit(f.limit)
    .offset(f.offset);
}

export async function publicRequest(db: Db, reference: string): Promise<PublicComplaint | null> {
  const [row] = await db.select(PUBLIC_COLUMNS).from(complaints).where(eq(complaints.reference, reference));
  return row ?? null;
}

/** Whether a reference exists (GET tokens: the token is the reference). */
export async function referenceExists(db: Db, reference: string): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(complaints)
    .where(eq(complaints.reference, reference));
  return !!row;
}
