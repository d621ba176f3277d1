import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDatabase, type Database } from "../../server/db.ts";

export interface TestDatabase extends Database {
  /** The postgres:// URL of this file's own database, or undefined on PGlite. */
  url?: string;
}

/**
 * A clean, migrated database for one test file: a new in-memory PGlite, or, when
 * DATABASE_URL is set, a new database created on that server and dropped on close.
 * Nothing is shared between files, so files run in parallel and in any order.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return openDatabase({ migrate: true });

  const name = `hub_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let database: Database;
  try {
    database = await openDatabase({ url: url.toString(), migrate: true, max: 5 });
  } catch (e) {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    throw e;
  }
  return {
    ...database,
    url: url.toString(),
    close: async () => {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
