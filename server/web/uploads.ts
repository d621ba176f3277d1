import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import { ATTACHMENT_RULES, type IncomingFile } from "../complaints/attachments.ts";
import { attachmentBody, AttachmentsUnavailableError, type AttachmentRow } from "../attachments/storage.ts";
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

/**
 * A file the caller was already allowed to see (the query scoped it): its bytes from the
 * row, or streamed from the object store. A store that does not answer is a translated
 * 503, never a 500 and never a partial page.
 */
export async function attachmentResponse(
  c: Context<AppEnv>,
  file: AttachmentRow & { filename: string; contentType: string; size: number },
) {
  let body;
  try {
    body = await attachmentBody(c.var.deps.attachments, file);
  } catch (e) {
    if (!(e instanceof AttachmentsUnavailableError)) throw e;
    const text = refusalText(messages(langOf(c)), "attachment_unreadable");
    c.header("Retry-After", "30");
    c.header("Cache-Control", "no-store");
    return c.html(`<div class="alert alert-error" role="alert">${text}</div>`, refusalStatus("attachment_unreadable"));
  }
  const headers = {
    "content-type": file.contentType,
    "content-length": String(file.size),
    // Always a download: a PDF or image from a citizen never runs in the hub's origin.
    "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    "cache-control": "private, no-store",
  };
  return "bytes" in body ? c.body(body.bytes, 200, headers) : c.body(body.stream, 200, headers);
}
