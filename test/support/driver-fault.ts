// A child process for test/integration/driver-fault.test.ts: porsager/postgres#1208's
// reproduction (a transaction whose backend is killed while a statement runs) with or
// without the hub's fault guard. With it the process lives and the pool works again.
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { openDatabase } from "../../server/db.ts";
import { installFaultGuard } from "../../server/fault-guard.ts";
import { createLogger } from "../../server/logger.ts";

const [url, guarded] = process.argv.slice(2);
const database = await openDatabase({ url: url!, migrate: false, max: 2 });
if (guarded === "guarded") installFaultGuard(createLogger("info"), (err) => database.recycle(err));
const killer = postgres(url!, { max: 1, onnotice: () => {} });
for (let round = 0; round < 3; round++) {
  let pid: number | null = null;
  const tx = database.db.transaction(async (t) => {
    const [row] = (await t.execute(sql`select pg_backend_pid() as pid`)) as unknown as { pid: number }[];
    pid = row!.pid;
    await t.execute(sql`select pg_sleep(2)`);
  });
  while (pid === null) await new Promise((r) => setTimeout(r, 20));
  await killer`select pg_terminate_backend(${pid})`;
  await tx.catch(() => {});
  // Let the driver's deferred write run (where #1208 throws).
  await new Promise((r) => setTimeout(r, 200));
}
// The pool answers again once the probe finds the database.
for (let i = 0; ; i++) {
  try {
    await database.db.execute(sql`select 1`);
    break;
  } catch (e) {
    if (i > 100) throw e;
    await new Promise((r) => setTimeout(r, 100));
  }
}
console.log("alive");
await killer.end();
await database.close();
process.exit(0);
