import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * The key that seals TOTP keys. Given by HUB_SECRET on a real deployment; the embedded
 * hub makes one on first start and keeps it beside its database.
 */
export async function resolveHubSecret(given: string | undefined, dataDir: string): Promise<string> {
  if (given) return given;
  const file = join(dataDir, "hub-secret");
  try {
    return (await readFile(file, "utf8")).trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64");
  await writeFile(file, secret + "\n", { mode: 0o600, flag: "wx" }).catch(async (e) => {
    // Another process made it first: use theirs.
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  });
  return (await readFile(file, "utf8")).trim();
}
