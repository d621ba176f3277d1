import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import { ATTACHMENT_RULES, type IncomingFile } from "../complaints/attachments.ts";
import { refusalText } from "../../views/i18n/errors.ts";
import { refusalStatus } from "../refusals.ts";
import { messages } from "../../views/i18n/index.ts";
import { langOf } from "./context.ts";

/** Five files of 10 MB plus the form itself; anything larger is refused before parsing. */
export const UPLOAD_LIMIT = ATTACHMENT_RULES.maxFiles * ATTACHMENT_RULES.maxBytes + 1024 * 1024;

export function tooLarge(c: Context<AppEnv>) {
  const text = refusalText(messages(langOf(c)), "too_large");
  const status = refusalStatus("too_large");
  // The unread rest of the body ends the socket: a keep-alive client must not reuse it.
  c.header("Connection", "close");
  if (c.req.path.startsWith("/api/")) return c.json({ error: "too_large", message: text }, status);
  return c.html(`<div class="alert alert-error" role="alert">${text}</div>`, status);
}

/** Text fields and files of a multipart (or urlencoded) form. */
export async function multipartFields(c: Context<AppEnv>): Promise<{ form: Record<string, string>; files: IncomingFile[] }> {
  const body = await c.req.parseBody({ all: true }).catch(() => ({}) as Record<string, unknown>);
  const form: Record<string, string> = {};
  const files: IncomingFile[] = [];
  for (const [k, v] of Object.entries(body)) {
    for (const item of Array.isArray(v) ? v : [v]) {
      if (typeof item === "string") form[k] ??= item;
      else if (item instanceof File && (item.size > 0 || item.name))
        files.push({ filename: item.name, bytes: new Uint8Array(await item.arrayBuffer()) });
    }
  }
  return { form, files };
}

export function attachmentResponse(c: Context<AppEnv>, file: { filename: string; contentType: string; data: Buffer }) {
  return c.body(new Uint8Array(file.data), 200, {
    "content-type": file.contentType,
    // Always a download: a PDF or image from a citizen never runs in the hub's origin.
    "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    "cache-control": "private, no-store",
  });
}
