// Filing a complaint is one statement; it lives with the capability's other SQL in
// store-intake.ts. Re-exported here for the callers that import it by this name
// (the demo data, digital reports).

export {
  recordFirstContactClose,
  withNewReference,
  writeComplaint,
  type NewComplaint,
  type WriteGuard,
  type WriteResult,
  type WriteSpec,
} from "./store-intake.ts";
