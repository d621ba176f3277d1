// Run as a child process by test/integration/outbox-crash.test.ts: dispatches the outbox
// with a mailer that records the message and then kills this process on the spot, as a
// power cut would, after the send and before the transaction commits.
import { appendFileSync } from "node:fs";
import { openDatabase } from "../../server/db.ts";
import { dispatchOutbox } from "../../server/notify/dispatch.ts";

const [url, log] = process.argv.slice(2) as [string, string];
const database = await openDatabase({ url, migrate: false, max: 1 });
await dispatchOutbox(
  {
    db: database.db,
    sms: { send: async () => {} },
    mailer: {
      send: async (m, key) => {
        appendFileSync(log, JSON.stringify({ key, to: m.to }) + "\n");
        process.kill(process.pid, "SIGKILL");
        await new Promise(() => {});
      },
    },
  },
  new Date(),
);
