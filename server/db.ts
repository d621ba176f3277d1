import { access, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "../schema/index.ts";
import { databaseFault, DatabaseUnavailableError } from "./db-faults.ts";
import { fillFromTemplate, loadPglite } from "./db-template.ts";

export type Schema = typeof schema;
/** The one database type use cases see: the same on PGlite and on PostgreSQL. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  /** Answers when the database can run a query (for /readyz); marks it up or down. */
  ping(): Promise<void>;
  /**
   * False from a connection failure until a ping answers again: requests get a 503 at
   * once instead of each waiting for its own connect timeout.
   */
  available(): boolean;
  /** A request or job saw this error: a connection failure marks the database down. */
  reportFailure(err: unknown): void;
  /** Drops the connection pool for a fresh one, after the driver lost track of a connection. */
  recycle(reason: unknown): void;
  close(): Promise<void>;
}

/** postgres.js connections per hub instance unless a caller asks otherwise. */
export const DATABASE_POOL_MAX = 10;

/** Bounds on waiting for PostgreSQL (seconds and milliseconds; 0 turns one off). */
export interface PostgresTimeouts {
  /** Establishing a connection (postgres.js connect_timeout). */
  connectTimeoutS: number;
  /** One statement on the server (statement_timeout; also idle_in_transaction_session_timeout). */
  statementTimeoutMs: number;
  /** An unused pooled connection is closed after this long (postgres.js idle_timeout). */
  idleTimeoutS: number;
}

// A blackholed database must not hold a request for long: 5 s to connect. Statements
// get a minute, well past any page's query, so only a stuck one is cut off.
export const DEFAULT_POSTGRES_TIMEOUTS: PostgresTimeouts = { connectTimeoutS: 5, statementTimeoutMs: 60_000, idleTimeoutS: 60 };
const PING_TIMEOUT_MS = 3_000;
const PROBE_EVERY_MS = 1_000;

/** Called when the database goes down or comes back, for the log. */
export type AvailabilityListener = (up: boolean, err?: unknown) => void;

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../schema/migrations");

// Any constant works; it only has to be the same for every hub instance.
const MIGRATION_LOCK = 727_001;

export interface OpenOptions {
  /** postgres:// URL; unset means the embedded PGlite database. */
  url?: string;
  /** Where PGlite keeps its files; unset (with no url) means in memory (tests). */
  dataDir?: string;
  /** Apply pending migrations before returning. */
  migrate?: boolean;
  /** postgres.js pool size. */
  max?: number;
  timeouts?: Partial<PostgresTimeouts>;
  onAvailability?: AvailabilityListener;
  /**
   * While up, ping this often (ms) so a database that went silent (a blackhole, not a
   * refusal) is marked down within seconds rather than when each request gives up.
   */
  heartbeatMs?: number;
}

export async function openDatabase(opts: OpenOptions = {}): Promise<Database> {
  const database = opts.url
    ? await openPostgres(opts.url, opts.max, { ...DEFAULT_POSTGRES_TIMEOUTS, ...opts.timeouts }, opts.onAvailability, opts.heartbeatMs)
    : await openPglite(opts.dataDir);
  if (opts.migrate !== false) {
    try {
      await migrateDatabase(database, opts.url);
    } catch (e) {
      await database.close();
      throw e;
    }
  }
  return database;
}

export class DatabaseBusyError extends Error {
  override name = "DatabaseBusyError";
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite is one process's database: a second process opening the same files would
 * corrupt them. A lock file with the owner's pid refuses the second one (a stale lock
 * of a process that died is taken over).
 */
async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const file = join(dir, "hub.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, String(process.pid), { flag: "wx" });
      return () => rm(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const owner = Number((await readFile(file, "utf8").catch(() => "")).trim());
      if (owner && owner !== process.pid && alive(owner)) {
        throw new DatabaseBusyError(
          `The embedded database in ${dir} is in use by process ${owner} (is the hub running?). ` +
            `Stop it first, or set DATABASE_URL to use a PostgreSQL server that many processes can share.`,
        );
      }
      await rm(file, { force: true });
    }
  }
  throw new DatabaseBusyError(`Could not lock the embedded database in ${dir}.`);
}

/**
 * PGlite's buffer pool lives in the process's own memory and is all touched at open:
 * the cluster's default 128 MB alone was a third of the hub's resident memory (issue 16).
 * Pages not in the pool are read from the operating system's file cache, not the disk,
 * so an embedded hub's data (the demo is a few MB) loses little. Durability is unchanged.
 */
const PGLITE_SHARED_BUFFERS = "32MB";

const fileExists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

async function openPglite(dataDir?: string): Promise<Database> {
  const { PGlite } = await loadPglite();
  const { drizzle } = await import("drizzle-orm/pglite");
  let dir: string | undefined;
  let unlock = async () => {};
  if (dataDir) {
    dir = join(dataDir, "pglite");
    await mkdir(dir, { recursive: true });
    unlock = await lockDataDir(dir);
    // A new folder starts as a copy of a fresh cluster instead of running initdb (db-template.ts).
    try {
      if (!(await fileExists(join(dir, "PG_VERSION")))) await fillFromTemplate(dir);
    } catch (e) {
      await unlock();
      throw e;
    }
  }
  const client = new PGlite({ dataDir: dir, startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${PGLITE_SHARED_BUFFERS}`] });
  try {
    await client.waitReady;
  } catch (e) {
    await unlock();
    throw e;
  }
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    ping: async () => {
      await client.query("select 1");
    },
    // In-process: there is no connection to lose.
    available: () => true,
    reportFailure: () => {},
    recycle: () => {},
    close: async () => {
      if (!client.closed) await client.close();
      await unlock();
    },
  };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new DatabaseUnavailableError(`no answer from the database within ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });
}

async function openPostgres(
  url: string,
  max: number | undefined,
  t: PostgresTimeouts,
  onAvailability?: AvailabilityListener,
  heartbeatMs?: number,
): Promise<Database> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const serverLimits = t.statementTimeoutMs
    ? { statement_timeout: t.statementTimeoutMs, idle_in_transaction_session_timeout: t.statementTimeoutMs }
    : {};
  const make = () =>
    postgres(url, {
      max: max ?? DATABASE_POOL_MAX,
      onnotice: () => {},
      connect_timeout: t.connectTimeoutS || undefined,
      idle_timeout: t.idleTimeoutS || undefined,
      connection: serverLimits,
    });
  type Client = ReturnType<typeof make>;
  let current: Client = make();
  // drizzle holds this stand-in, not a pool: recycle() swaps the pool behind it without
  // touching the drizzle instance every module already holds.
  const client = new Proxy(function () {} as unknown as Client, {
    apply: (_t, _this, args) => (current as unknown as (...a: unknown[]) => unknown)(...args),
    get: (_t, p) => {
      const v = Reflect.get(current, p);
      return typeof v === "function" ? v.bind(current) : v;
    },
  });
  const db = drizzle(client, { schema }) as unknown as Db;

  let down = false;
  let probe: NodeJS.Timeout | undefined;
  let closed = false;
  let recycledAt = 0;
  let recycleLater: NodeJS.Timeout | undefined;
  const select1 = () => withTimeout(current`select 1`, PING_TIMEOUT_MS);
  const markUp = () => {
    if (!down) return;
    down = false;
    clearTimeout(probe);
    probe = undefined;
    onAvailability?.(true);
  };
  // While down, one query a second tells us when it is back; requests do not wait on it.
  const schedule = () => {
    if (closed || probe) return;
    probe = setTimeout(() => {
      probe = undefined;
      select1().then(markUp, () => down && schedule());
    }, PROBE_EVERY_MS);
    probe.unref();
  };
  const markDown = (err: unknown) => {
    if (!down) {
      down = true;
      onAvailability?.(false, err);
    }
    schedule();
  };
  const heartbeat = heartbeatMs
    ? setInterval(() => {
        if (!down) select1().catch(markDown);
      }, heartbeatMs)
    : undefined;
  heartbeat?.unref();
  return {
    db,
    kind: "postgres",
    ping: async () => {
      try {
        await select1();
        markUp();
      } catch (e) {
        markDown(e);
        throw e;
      }
    },
    available: () => !down,
    reportFailure: (err) => {
      if (databaseFault(err) === "unreachable") markDown(err);
    },
    recycle: (reason) => {
      markDown(reason);
      if (closed) return;
      // A burst of faults from one cut replaces the pool once a second, not once per
      // connection; a fault inside that second still gets a fresh pool at its end.
      const wait = recycledAt + 1_000 - performance.now();
      if (wait > 0) {
        recycleLater ??= setTimeout(() => {
          recycleLater = undefined;
          swap();
        }, wait);
        return;
      }
      swap();
    },
    close: () => {
      closed = true;
      clearTimeout(probe);
      clearTimeout(recycleLater);
      clearInterval(heartbeat);
      return current.end({ timeout: 5 });
    },
  };
  function swap() {
    if (closed) return;
    recycledAt = performance.now();
    const old = current;
    current = make();
    // drizzle set its own value parsers on the first pool; the new one needs the same.
    Object.assign(current.options.parsers, old.options.parsers);
    Object.assign(current.options.serializers, old.options.serializers);
    old.end({ timeout: 5 }).catch(() => {});
  }
}

/**
 * Several hub instances may start at once against one PostgreSQL: a session-level
 * advisory lock on a dedicated connection lets exactly one of them migrate.
 */
async function migrateDatabase(database: Database, url?: string): Promise<void> {
  if (database.kind === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(database.db as never, { migrationsFolder: MIGRATIONS_DIR });
    return;
  }
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const client = postgres(url!, { max: 1, onnotice: () => {}, connect_timeout: DEFAULT_POSTGRES_TIMEOUTS.connectTimeoutS });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_DIR });
    await client`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await client.end({ timeout: 5 });
  }
}

/**
 * One statement with fixed text and positional parameters, straight to the driver.
 * On PostgreSQL postgres.js prepares it (parsed and planned once per connection, then
 * only Bind/Execute), and nothing rebuilds the SQL per call as the query builder does;
 * the hot paths (intake, the SLA sweep) use it. Parameters are strings, numbers,
 * booleans, null or bytes; the SQL casts them (`$1::uuid`, `$2::timestamptz`), so the
 * same text runs on PGlite. Only on the database itself, not inside a drizzle
 * transaction (a single statement is its own transaction).
 */
export async function rawQuery<T = Record<string, unknown>>(db: Db, text: string, params: unknown[]): Promise<T[]> {
  // The database's own client, or a transaction's (drizzle keeps it on the session: the
  // PGlite transaction's `query`, postgres.js's reserved connection's `unsafe`), so a
  // prepared statement can join the caller's transaction.
  const d = db as unknown as { $client?: unknown; session?: { client?: unknown } };
  const client = (d.$client ?? d.session?.client) as
    | {
        unsafe?: (q: string, p: unknown[], o: { prepare: boolean }) => Promise<unknown>;
        query?: (q: string, p: unknown[]) => Promise<{ rows: unknown[] }>;
      }
    | undefined;
  if (client?.unsafe) return (await client.unsafe(text, params, { prepare: true })) as T[];
  if (client?.query) return (await client.query(text, params)).rows as T[];
  throw new Error("rawQuery needs a database or a transaction with a client");
}

export { sql };
