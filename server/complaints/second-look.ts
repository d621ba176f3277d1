// Seed 002 §5.1.11: a reopened complaint is reviewed again, preferably by other staff
// than the one who closed it. Pure, so the choice is tested without a database.

export interface Colleague {
  id: string;
  fullName: string;
  /** Complaints the colleague holds that are not yet closed. */
  open: number;
}

/**
 * Who takes a reopened complaint: the colleague with the least open work other than
 * the officer who closed it (ties by name, so the choice is stable). A complaint the
 * system closed (no answer from the citizen) was never judged by anyone, and an agency
 * with a single officer has nobody else: both stay with the current holder.
 */
export function secondReviewer(people: readonly Colleague[], closedBy: string | null, current: string | null): Colleague | null {
  if (!closedBy) return people.find((p) => p.id === current) ?? null;
  const others = people.filter((p) => p.id !== closedBy);
  if (others.length === 0) return people.find((p) => p.id === current) ?? null;
  return [...others].sort((a, b) => a.open - b.open || a.fullName.localeCompare(b.fullName, "ar"))[0]!;
}
