// The list's position as an opaque text: where the last item stood in (updated_at, id)
// order. Opaque so the hub may change what it holds; the timestamp keeps PostgreSQL's
// microseconds (a JavaScript date would round them and repeat or skip a row).

export interface Cursor {
  /** updated_at in UTC with microseconds, as the database gave it. */
  at: string;
  id: string;
}

const AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.at, c.id]), "utf8").toString("base64url");
}

/** The position, or null for text this hub did not give out. */
export function decodeCursor(text: string): Cursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return null;
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(v) || v.length !== 2) return null;
  const [at, id] = v as unknown[];
  if (typeof at !== "string" || typeof id !== "string" || !AT.test(at) || !UUID.test(id)) return null;
  if (Number.isNaN(Date.parse(at))) return null;
  return { at, id };
}

/** The cursor before every row: what a first call starts from. */
export const START: Cursor = { at: "1970-01-01T00:00:00.000000Z", id: "00000000-0000-0000-0000-000000000000" };
