import type { securityAr } from "./security.ar.ts";

export const securityEn: typeof securityAr = {
  security: {
    badInputTitle: "Request not valid",
    badInputBody:
      "The request contains characters that are not allowed, or text longer than allowed. Check what you entered and try again.",
    tooLargeTitle: "Request too large",
    tooLargeBody: "What you sent is larger than allowed. Shorten the text or the attachments and try again.",
    unavailableTitle: "Temporarily unavailable",
    unavailableBody: "We cannot reach the database right now. Nothing you saved was lost. Please try again in a moment.",
  },
};
