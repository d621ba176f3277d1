// Run as a child process by test/integration/outbox-crash.test.ts: dispatches a batch of
// SMS with a gateway that records each send and kills this process on the spot at the
// n-th, as a power cut would, with other sends in flight.
import { appendFileSync } from "node:fs";
import { openDatabase } from "../../server/db.ts";
import { dispatchOutbox } from "../../server/notify/dispatch.ts";

const [url, log, killAt] = process.argv.slice(2) as [string, string, string];
const database = await openDatabase({ url, migrate: false, max: 4 });
let sends = 0;
await dispatchOutbox(
  {
    db: database.db,
    sms: {
      send: async (m) => {
        appendFileSync(log, JSON.stringify({ key: m.idempotencyKey, to: m.to }) + "\n");
        if (++sends === Number(killAt)) {
          process.kill(process.pid, "SIGKILL");
          await new Promise(() => {});
        }
        await new Promise((r) => setTimeout(r, 5)); // a gateway's round trip
      },
    },
    mailer: { send: async () => {} },
  },
  new Date(),
);
