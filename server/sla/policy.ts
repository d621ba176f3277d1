// The one SLA policy a complaint is planned with. The SLA job (server/jobs/sla.ts) and
// the lifecycle (server/complaints/transition.ts, which sets the job's next look after
// every action) must read the same one, or an action would plan a warning the job then
// fires at another time. Both take it from here: `deps.policy` when configured (tests,
// a hub with its own warning window), else the default from server/policy.ts.

import { DEFAULT_POLICY, type SlaPolicy } from "./rules.ts";

export type { SlaPolicy };

export function slaPolicyOf(deps: { policy?: SlaPolicy | undefined }): SlaPolicy {
  return deps.policy ?? DEFAULT_POLICY;
}
