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
const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
let kills = 0;
for (let tries = 0; kills < 3; tries++) {
  if (tries > 50) throw new Error(`only ${kills} of 3 backends killed in ${tries} tries`);
  let pid: number | null = null;
  const tx = database.db.transaction(async (t) => {
    const [row] = (await t.execute(sql`select pg_backend_pid() as pid`)) as unknown as { pid: number }[];
    pid = row!.pid;
    await t.execute(sql`select pg_sleep(2)`);
  });
  // Right after a kill the recycled pool may refuse at once: then there is no backend
  // to kill this round, and waiting for a pid would wait for ever.
  const settled = tx.then(
    () => true,
    () => true,
  );
  while (pid === null && !(await Promise.race([settled, pause(20).then(() => false)])));
  if (pid === null) {
    await pause(100);
    continue;
  }
  await killer`select pg_terminate_backend(${pid})`;
  kills++;
  await settled;
  // Let the driver's deferred write run (where #1208 throws).
  await pause(200);
}
// The pool answers again once the probe finds the database.
for (let i = 0; ; i++) {
  try {
    await database.db.execute(sql`select 1`);
    break;
  } catch (e) {
    if (i > 100) throw e;
    await pause(100);
  }
}
console.log("alive");
// Closing a pool the driver broke may not settle; the answer is already given.
await Promise.race([Promise.all([killer.end(), database.close()]), pause(5_000)]);
process.exit(0);
