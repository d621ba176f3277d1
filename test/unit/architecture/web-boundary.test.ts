import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

// Web pages, tRPC procedures and views call use cases and store functions: the SQL of a
// capability lives in its store (issue 12). This reads the files themselves, so a new
// handler that reaches for the database fails here before review.
const ROOT = join(import.meta.dirname, "../../..");
const DIRS = ["server/web", "server/api", "views"];

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (statSync(join(ROOT, rel)).isDirectory()) return files(rel);
    return /\.(ts|tsx)$/.test(name) ? [rel] : [];
  });
}

/** What a file breaks of the boundary, one line per import or query. */
function violations(text: string): string[] {
  const out: string[] = [];
  const imports = text.matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*?from\s+["']([^"']+)["']/gm);
  for (const m of imports) {
    const spec = m[3]!;
    if (spec === "drizzle-orm" || spec.startsWith("drizzle-orm/")) out.push(`imports ${spec}`);
    else if (/(^|\/)schema\//.test(spec)) out.push(`imports ${spec}`);
    // Not even the Db type: handlers pass c.var.deps.db on to a store without naming it.
    else if (/(^|\/)db\.ts$/.test(spec)) out.push(`imports ${spec}`);
  }
  if (/\bsql`/.test(text)) out.push("writes sql``");
  if (/\.(select|insert|update|delete)\(/.test(text) && /\bdb\b/.test(text) && /\.from\(|\.values\(|\.set\(|\.where\(/.test(text)) {
    out.push("builds a query");
  }
  return out;
}

describe("the web, tRPC and view layers issue no SQL", () => {
  it("recognises what it forbids", () => {
    expect(violations(`import { eq } from "drizzle-orm";`)).toEqual(["imports drizzle-orm"]);
    expect(violations(`import { agencies } from "../../schema/index.ts";`)).toEqual(["imports ../../schema/index.ts"]);
    expect(violations(`import { rawQuery } from "../db.ts";`)).toEqual(["imports ../db.ts"]);
    expect(violations(`import type { Db } from "../db.ts";`)).toEqual(["imports ../db.ts"]);
    expect(violations("const r = await c.var.deps.db.select().from(t).where(x);")).toEqual(["builds a query"]);
    expect(violations("await db.execute(sql`select 1`);")).toEqual(["writes sql``"]);
    expect(violations(`import { agencyCalendarSchema } from "../directory/schema.ts";`)).toEqual([]);
  });

  it("no file under server/web, server/api or views imports drizzle-orm, schema/ or builds a query", () => {
    const found = DIRS.flatMap(files).flatMap((f) =>
      violations(readFileSync(join(ROOT, f), "utf8")).map((v) => `${relative(ROOT, join(ROOT, f))}: ${v}`),
    );
    expect(found).toEqual([]);
  });
});
