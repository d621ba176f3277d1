// Pure rules about staff roles: who needs a second factor, and which complaints a
// member of staff may read. Repositories apply `complaintScope` to every query.

export const ROLES = ["liaison", "agency_supervisor", "triage", "reviewer", "analyst", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const AGENCY_ROLES: readonly Role[] = ["liaison", "agency_supervisor"];
export const NATIONAL_ROLES: readonly Role[] = ["triage", "reviewer", "analyst", "admin"];

export interface RoleGrant {
  role: Role;
  /** Set for agency roles, null for national-unit roles. */
  agencyCode: string | null;
}

export interface StaffActor {
  id: string;
  email: string;
  fullName: string;
  roles: RoleGrant[];
}

export function hasRole(actor: StaffActor, role: Role, agencyCode?: string): boolean {
  return actor.roles.some((g) => g.role === role && (agencyCode === undefined || g.agencyCode === agencyCode));
}

/** A grant is valid when agency roles name an agency and national roles do not. */
export function grantProblem(g: { role: string; agencyCode?: string | null }): string | null {
  if (!(ROLES as readonly string[]).includes(g.role)) return "role_unknown";
  const agencyBound = AGENCY_ROLES.includes(g.role as Role);
  if (agencyBound && !g.agencyCode) return "role_needs_agency";
  if (!agencyBound && g.agencyCode) return "role_is_national";
  return null;
}

/** National-unit roles and admins always; agency staff when their agency says so. */
export function totpRequired(roles: RoleGrant[], agencyTotp: (code: string) => "required" | "optional"): boolean {
  return roles.some((g) => NATIONAL_ROLES.includes(g.role) || (g.agencyCode !== null && agencyTotp(g.agencyCode) === "required"));
}

export type ComplaintScope = { kind: "all" } | { kind: "agencies"; codes: string[] } | { kind: "none" };

/**
 * Which complaints a member of staff may read. The national unit's triage, reviewers
 * and analysts see every agency's; agency staff only their agencies'; an admin manages
 * the directory and users, not complaints.
 */
export function complaintScope(actor: StaffActor): ComplaintScope {
  if (actor.roles.some((g) => g.role === "triage" || g.role === "reviewer" || g.role === "analyst")) return { kind: "all" };
  const codes = [...new Set(actor.roles.filter((g) => g.agencyCode).map((g) => g.agencyCode!))].sort();
  return codes.length ? { kind: "agencies", codes } : { kind: "none" };
}
