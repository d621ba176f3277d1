import { createRouter } from "../../app-env.ts";
import { PrivacyPage } from "../../../views/pages/citizen/privacy.tsx";
import { respond } from "../respond.tsx";
import { speaker } from "./door.ts";

export function privacyRoutes() {
  const app = createRouter();
  app.get("/privacy", (c) => {
    const { t } = speaker(c);
    return respond(c, t.citizen.privacyTitle, <PrivacyPage t={t} />);
  });
  return app;
}
