// The bare baseline `npm run bench:intake` measures the hub against: Hono on the same
// Node server adapter, postgres.js with the same pool size, and per request exactly
// one `INSERT … RETURNING` of a row as wide as a complaint (a copy of the complaints
// table's columns and defaults, without its indexes or constraints other than the key).
// It parses the same JSON body the hub's tRPC call carries; it checks nothing else.
// Whatever the hub costs beyond this is routing, validation, the event, the outbox
// row, the session and the framework.
//
// Run by bench/intake.ts: DATABASE_URL=… PORT=… tsx bench/baseline-intake.ts

import { randomBytes } from "node:crypto";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import postgres from "postgres";

const sql = postgres(process.env.DATABASE_URL!, { max: Number(process.env.POOL ?? 10), onnotice: () => {} });
await sql`create table if not exists baseline_complaints (like complaints including defaults)`;
await sql`alter table baseline_complaints drop constraint if exists baseline_complaints_pkey`;
await sql`alter table baseline_complaints add primary key (id)`;

const app = new Hono();
app.post("/submit", async (c) => {
  const b = (await c.req.json()) as { kind: string; text: string; city: string; notifyBy: string; clientKey: string };
  const now = new Date();
  const reference = `CMP-${now.getUTCFullYear()}-${randomBytes(3).toString("hex").toUpperCase()}`;
  const [row] = await sql`
    insert into baseline_complaints
      (reference, kind, status, citizen_id, channel, title, text, city, routed_by, suggestions, notify_by,
       complexity, importance, action_type, client_key, created_at, updated_at)
    values (${reference}, ${b.kind}, 'triage', gen_random_uuid(), 'portal', null, ${b.text}, ${b.city}, 'triage', '[]'::jsonb, ${b.notifyBy},
       'routine', 'medium', 'process', ${b.clientKey}, ${now.toISOString()}, ${now.toISOString()})
    returning id, reference`;
  return c.json({ result: { data: { reference: row!.reference, status: "triage" } } });
});

serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: "127.0.0.1" }, (info) => {
  console.log(`baseline listening on ${info.port}`);
});
process.on("SIGTERM", async () => {
  await sql.end({ timeout: 2 });
  process.exit(0);
});
