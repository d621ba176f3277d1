import { reportRoutes } from "./reports.tsx";
import { createRouter } from "../../app-env.ts";
import { accountRoutes } from "./account.tsx";
import { complaintRoutes } from "./complaints.tsx";
import { requireCitizen } from "./guard.ts";
import { passwordResetRoutes } from "./password-reset.tsx";
import { privacyRoutes } from "./privacy.tsx";
import { registerRoutes } from "./register.tsx";
import { signinRoutes } from "./signin.tsx";

/**
 * The citizen's web pages: thin doors onto server/identity/citizens.ts (and the
 * filing use cases). Every page answers htmx with the fragment it swaps and a plain
 * browser with the whole page, so each works without JavaScript.
 *
 *   GET  /privacy                         usage and privacy policy
 *   GET  /register  POST /register        registration form (checked against the civil registry)
 *   GET  /register/verify?c=  POST /register/verify  POST /register/resend   SMS code
 *   GET  /signin    POST /signin          national number + password (?next= a local path)
 *   POST /signout   POST /signout/everywhere
 *   GET  /forgot    POST /forgot          national number + date of birth
 *   GET  /forgot/verify?c=  POST /forgot/verify  POST /forgot/resend   code + new password
 *   GET  /account   POST /account         details, contact and notification channel
 *   POST /account/mobile  GET /account/mobile/verify?c=  POST /account/mobile/verify  POST /account/mobile/resend
 */
export function citizenRoutes() {
  const app = createRouter();
  app.route("/", privacyRoutes());
  app.route("/", registerRoutes());
  app.route("/", signinRoutes());
  app.route("/", passwordResetRoutes());
  app.route("/", accountRoutes());
  app.route("/", complaintRoutes(requireCitizen));
  app.route("/", reportRoutes(requireCitizen));
  return app;
}
