import { bodyLimit } from "hono/body-limit";
import { createRouter } from "../app-env.ts";
import { submitComplaint } from "../complaints/submit.ts";
import { errorText } from "../../views/components/form.tsx";
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
    if (!s) return c.json({ error: "signed_out", message: t.errors.invalid_credentials }, 401);
    const { form, files } = await multipartFields(c);
    const d = c.var.deps;
    const r = await submitComplaint(d, s.userId, form, files, "app");
    if (!r.ok) {
      const fields = Object.fromEntries(Object.entries(r.fields).map(([k, code]) => [k, { code, message: errorText(t, code) }]));
      return c.json({ error: "invalid", message: t.errors.invalid, fields }, 422);
    }
    return c.json({ reference: r.reference, status: r.status, agencyCode: r.agencyCode, serviceCode: r.serviceCode, routedBy: r.routedBy }, r.created ? 201 : 200);
  });
  return app;
}
