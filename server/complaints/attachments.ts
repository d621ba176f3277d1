// Attachments are checked by what they contain, not by their name or the browser's
// claimed type: a renamed .exe is refused however it is called.

export const ATTACHMENT_RULES = { maxFiles: 5, maxBytes: 10 * 1024 * 1024 } as const;

/**
 * Steps an officer may attach files to (issue 14): the resolution document or a site
 * photo on the close, a form to fill on the question, anything on an internal note. The
 * portal and the agency API read this one list.
 */
export const OFFICER_FILE_ACTIONS: readonly string[] = ["close", "request_info", "note", "answer_inquiry"];

export type AllowedType = "image/jpeg" | "image/png" | "application/pdf";

const starts = (b: Uint8Array, sig: number[]) => sig.every((v, i) => b[i] === v);

export function sniffType(bytes: Uint8Array): AllowedType | null {
  if (starts(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (starts(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (starts(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "application/pdf"; // %PDF-
  return null;
}

export interface IncomingFile {
  filename: string;
  bytes: Uint8Array;
}

export interface CheckedFile {
  filename: string;
  contentType: AllowedType;
  bytes: Uint8Array;
}

/** Keeps only a safe display name: no paths, no control characters, bounded length. */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "file";
  // eslint-disable-next-line no-control-regex -- control characters are what we strip
  const clean = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, "_").trim();
  return (clean || "file").slice(0, 120);
}

export function checkAttachments(
  files: IncomingFile[],
): { ok: true; files: CheckedFile[] } | { ok: false; code: string; filename?: string } {
  const real = files.filter((f) => f.bytes.length > 0 || f.filename);
  if (real.length > ATTACHMENT_RULES.maxFiles) return { ok: false, code: "attachments_too_many" };
  const out: CheckedFile[] = [];
  for (const f of real) {
    if (f.bytes.length === 0) return { ok: false, code: "attachment_empty", filename: f.filename };
    if (f.bytes.length > ATTACHMENT_RULES.maxBytes) return { ok: false, code: "attachment_too_large", filename: f.filename };
    const type = sniffType(f.bytes);
    if (!type) return { ok: false, code: "attachment_type", filename: f.filename };
    out.push({ filename: safeFilename(f.filename), contentType: type, bytes: f.bytes });
  }
  return { ok: true, files: out };
}
