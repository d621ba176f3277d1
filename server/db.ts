import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "../schema/index.ts";

export type Schema = typeof schema;
/** The one database type use cases see: the same on PGlite and on PostgreSQL. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  /** Answers when the database can run a query (for /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

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
}

export async function openDatabase(opts: OpenOptions = {}): Promise<Database> {
  const database = opts.url ? await openPostgres(opts.url, opts.max) : await openPglite(opts.dataDir);
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

async function openPglite(dataDir?: string): Promise<Database> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  let dir: string | undefined;
  let unlock = async () => {};
  if (dataDir) {
    dir = join(dataDir, "pglite");
    await mkdir(dir, { recursive: true });
    unlock = await lockDataDir(dir);
  }
  const client = dir ? new PGlite(dir) : new PGlite();
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
    close: async () => {
      if (!client.closed) await client.close();
      await unlock();
    },
  };
}

async function openPostgres(url: string, max = 10): Promise<Database> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const client = postgres(url, { max, onnotice: () => {}, connect_timeout: 10 });
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    kind: "postgres",
    ping: async () => {
      await client`select 1`;
    },
    close: () => client.end({ timeout: 5 }),
  };
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
  const client = postgres(url!, { max: 1, onnotice: () => {} });
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
  const client = (db as unknown as { $client?: unknown }).$client as
    | { unsafe?: (q: string, p: unknown[], o: { prepare: boolean }) => Promise<unknown>; query?: (q: string, p: unknown[]) => Promise<{ rows: unknown[] }> }
    | undefined;
  if (client?.unsafe) return (await client.unsafe(text, params, { prepare: true })) as T[];
  if (client?.query) return (await client.query(text, params)).rows as T[];
  throw new Error("rawQuery needs the database itself, not a transaction");
}

export { sql };
