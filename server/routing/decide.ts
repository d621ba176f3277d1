// Where a submission goes, decided from the directory facts held in memory and the
// router's suggestions: no I/O, so the threshold and the prior-reference rule are
// tested directly (test/unit/routing/decide.test.ts). Evidence order: the service
// chosen (by the citizen or the staff member registering it), then the place (regional
// agencies), then the text; below the confidence threshold, the national unit's triage.

import type { DirectoryFacts, ServiceRow } from "../directory/facts.ts";
import { suggest, type RoutingIndex, type Suggestion } from "./suggest.ts";

export interface RouteInput {
  kind: string;
  text: string;
  title?: string | undefined;
  city: string;
  agencyCode?: string | undefined;
  serviceCode?: string | undefined;
  priorReference?: string | undefined;
}

export type RoutedBy = "citizen" | "location" | "text" | "triage";

export type RouteDecision =
  | { ok: true; target: ServiceRow | null; routedBy: RoutedBy; score: number | null; suggestions: Suggestion[] }
  | { ok: false; error: "invalid"; fields: Record<string, string> };

const refuse = (field: string, code: string): RouteDecision => ({ ok: false, error: "invalid", fields: { [field]: code } });

/** The first suggestion whose service takes this kind of submission. */
function firstAccepting(facts: DirectoryFacts, list: readonly Suggestion[], kind: string): { s: Suggestion; row: ServiceRow } | null {
  for (const s of list) {
    const row = facts.service(s.agencyCode, s.serviceCode);
    if (row && row.kinds.includes(kind)) return { s, row };
  }
  return null;
}

/**
 * The decision over the router's suggestions (ranked best first; a function is called
 * only once the input's names are known to be valid, so a refusal costs no ranking).
 * `threshold`: below this score nothing is guessed from the text or the place.
 */
export function decideRoute(
  facts: DirectoryFacts,
  input: RouteInput,
  ranked: readonly Suggestion[] | (() => Suggestion[]),
  threshold: number,
): RouteDecision {
  if (!facts.city(input.city)) return refuse("city", "city_unknown");

  let chosen: ServiceRow | null = null;
  if (input.agencyCode || input.serviceCode) {
    const agency = input.agencyCode ? facts.agency(input.agencyCode) : null;
    if (!agency) return refuse("agencyCode", "agency_unknown");
    if (input.serviceCode) {
      chosen = facts.service(agency.code, input.serviceCode);
      if (!chosen) return refuse("serviceCode", "service_unknown");
      if (!chosen.kinds.includes(input.kind)) return refuse("serviceCode", "service_refuses_kind");
      if (chosen.priorRefRequired) {
        if (!input.priorReference) return refuse("priorReference", "prior_reference_required");
        if (chosen.priorRefPattern && !new RegExp(chosen.priorRefPattern).test(input.priorReference))
          return refuse("priorReference", "prior_reference_invalid");
      }
    }
  }
  const suggestions = typeof ranked === "function" ? ranked() : [...ranked];
  if (chosen) return { ok: true, target: chosen, routedBy: "citizen", score: null, suggestions };

  // An agency named without a service: only its own services are candidates.
  const pool = input.agencyCode ? suggestions.filter((s) => s.agencyCode === input.agencyCode) : suggestions;
  const best = firstAccepting(facts, pool, input.kind);
  // A service that needs the agency's own request number cannot be guessed from text.
  if (best && best.s.score >= threshold && !best.row.priorRefRequired) {
    return {
      ok: true,
      target: best.row,
      routedBy: best.s.evidence[0]?.kind === "location" ? "location" : "text",
      score: best.s.score,
      suggestions,
    };
  }
  // Praise naming an agency goes to that agency whatever the text scores: there is no
  // jurisdiction to decide, only thanks to pass on (seed 002 §5.1). It is filed under the
  // agency's best-ranked service taking praise, else the first by code; without deadlines
  // (lifecycle.ts hasDeadlines) which service holds it changes nothing but the label.
  if (input.kind === "praise" && input.agencyCode) {
    const row =
      (best && !best.row.priorRefRequired ? best.row : null) ??
      (facts.servicesOf?.(input.agencyCode) ?? []).find((s) => s.kinds.includes("praise") && !s.priorRefRequired) ??
      null;
    if (row) return { ok: true, target: row, routedBy: "citizen", score: null, suggestions };
  }
  return { ok: true, target: null, routedBy: "triage", score: null, suggestions };
}

/** The router's suggestions for the input, then the decision. */
export function routeWith(index: RoutingIndex, threshold: number, facts: DirectoryFacts, input: RouteInput): RouteDecision {
  return decideRoute(facts, input, () => suggest(index, { text: `${input.title ?? ""} ${input.text}`, city: input.city }), threshold);
}
