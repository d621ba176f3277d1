import { isDriverFault } from "./db-faults.ts";
import type { Logger } from "./logger.ts";

/**
 * postgres.js 3.4.9 can throw from inside its own connection handling when a connection
 * is cut (porsager/postgres#1154, #1208; no release fixes it): a timer callback writes on
 * the socket it has just dropped. Nothing of the hub's is on that stack, so the only
 * place to catch it is the process. Such an error leaves the process sound but that
 * pool connection unusable: `onDriverFault` replaces the pool and marks the database
 * down until it answers. Any other uncaught error is a bug and still ends the process,
 * as Node would (a supervisor restarts it).
 */
export function installFaultGuard(logger: Logger, onDriverFault: (err: unknown) => void): () => void {
  const handle = (kind: string) => (err: unknown) => {
    if (isDriverFault(err)) {
      const e = err as Error;
      logger.error(
        { err: { name: e?.name, message: e?.message }, driverCode: (e as { code?: unknown })?.code },
        `database driver fault (${kind}); the pool is replaced`,
      );
      try {
        onDriverFault(err);
      } catch {
        // Recovery is best effort; the probe brings the database back in any case.
      }
      return;
    }
    const e = err as Error;
    logger.fatal({ err: { name: e?.name, message: e?.message, stack: e?.stack } }, `${kind}: the hub stops`);
    process.exit(1);
  };
  const onException = handle("uncaughtException");
  const onRejection = handle("unhandledRejection");
  process.on("uncaughtException", onException);
  process.on("unhandledRejection", onRejection);
  return () => {
    process.off("uncaughtException", onException);
    process.off("unhandledRejection", onRejection);
  };
}
