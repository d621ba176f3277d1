import type { Eligibility } from "../reports/eligibility.ts";
import type { EscalationView } from "../../views/pages/citizen/escalation.tsx";
import type { DateText } from "./dates.ts";

/**
 * An eligibility as every page states it. `eligibleFrom` is the instant escalation
 * opens, often a midnight: the day to name is the one that starts then, not the one a
 * deadline ending at that midnight belongs to (which is what `deadline` names, a day
 * early: hence the millisecond).
 */
export function escalationView(e: Eligibility | null, dates: DateText): EscalationView {
  if (!e) return undefined;
  if (e.ok) return { ok: true, ground: e.ground };
  return e.eligibleFrom ? { ok: false, from: dates.deadline(new Date(e.eligibleFrom.getTime() + 1)) } : undefined;
}
