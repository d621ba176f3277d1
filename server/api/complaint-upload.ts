import { bodyLimit } from "hono/body-limit";
import { createRouter } from "../app-env.ts";
import { submitComplaint } from "../complaints/submit.ts";
import { fieldProblems, refusalText } from "../../views/i18n/errors.ts";
import { refusalStatus } from "../refusals.ts";
import { messages } from "../../views/i18n/index.ts";
import { langOf } from "../web/context.ts";
import { multipartFields, tooLarge, UPLOAD_LIMIT } from "../web/uploads.ts";

/**
 * POST /api/complaints (multipart/form-data): the mobile app's way to file with
 * attachments, since tRPC carries JSON only. Fields as in complaints.submit, files
 * under "attachments"; the session cookie and Origin as for tRPC. Answers JSON.
 */
export function complaintUploadRoutes() {
  const app = createRouter();
  app.post("/api/complaints", bodyLimit({ maxSize: UPLOAD_LIMIT, onError: (c) => tooLarge(c) }), async (c) => {
    const t = messages(langOf(c));
    const s = c.var.citizenSession;
    if (!s) return c.json({ error: "signed_out", message: refusalText(t, "signed_out") }, refusalStatus("signed_out"));
    const { form, files } = await multipartFields(c);
    const d = c.var.deps;
    const r = await submitComplaint(d, s.userId, form, files, "app");
    if (!r.ok && r.error === "attachments_unavailable") {
      c.header("Retry-After", "30");
      return c.json(
        { error: "attachments_unavailable", message: refusalText(t, "attachments_unavailable") },
        refusalStatus("attachments_unavailable"),
      );
    }
    if (!r.ok) {
      return c.json({ error: "invalid", message: refusalText(t, "invalid"), fields: fieldProblems(t, r.fields) }, refusalStatus("invalid"));
    }
    return c.json(
      { reference: r.reference, status: r.status, agencyCode: r.agencyCode, serviceCode: r.serviceCode, routedBy: r.routedBy },
      r.created ? 201 : 200,
    );
  });
  return app;
}
