import { access, copyFile, mkdir, mkdtemp, readdir, readFile, rename, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { setFlagsFromString } from "node:v8";

// An empty embedded database is a freshly initialised PostgreSQL cluster: PGlite runs
// initdb in WebAssembly for that, which on a small machine takes 7 to 12 s and briefly
// needs a second 400 MB database instance. Every fresh cluster of one PGlite version is
// the same, so it is made once (at `npm install`, see scripts/pglite-template.ts, or at
// the first start without one) and kept beside the installed packages; a new data
// folder starts as a plain copy of it, and PGlite then opens it as it opens any folder
// it has written before. Migrations still run on the copy, as on any database.

/**
 * V8 compiles WebAssembly twice: at once with its baseline compiler (Liftoff), then the
 * hot functions again with its optimising one (TurboFan) on background threads. For
 * PostgreSQL's huge functions that second compile cost more than it saved: an embedded
 * start spent about a third of its CPU on it, on a 2-core machine starving the start
 * itself, and its code took some 60 MB more memory, while a steady mix of queries on
 * 100,000 rows ran no measurably slower without it (issue 16, bench:embedded). Set
 * before PGlite's module is compiled; WebAssembly only, JavaScript is optimised as before.
 */
let wasmTierSet = false;
/** PGlite's module, the one way it is loaded here (server/db.ts, the template). */
export function loadPglite() {
  if (!wasmTierSet) {
    wasmTierSet = true;
    setFlagsFromString("--liftoff-only");
  }
  return import("@electric-sql/pglite");
}

const require = createRequire(import.meta.url);
// The node_modules this code runs with, found from PGlite's own location: the same from
// the sources (server/) and from the compiled hub (dist/server/).
const resolvedPglite = require.resolve("@electric-sql/pglite");
const NODE_MODULES = resolvedPglite.slice(0, resolvedPglite.lastIndexOf("node_modules") + "node_modules".length);

/** The installed PGlite's version: a template is only ever used by the version that made it. */
async function pgliteVersion(): Promise<string> {
  const pkg = join(dirname(require.resolve("@electric-sql/pglite")), "..", "package.json");
  return (JSON.parse(await readFile(pkg, "utf8")) as { version: string }).version;
}

/** Where the template of this PGlite version lives (node_modules/.cache, like other build caches). */
export async function templateDir(root = join(NODE_MODULES, ".cache", "complaint-hub")): Promise<string> {
  return join(root, `pglite-${await pgliteVersion()}`);
}

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

/**
 * The template folder, made now if there is none yet. Made in a folder of its own and
 * renamed into place when complete, so a crash or a second process starting at the same
 * moment never leaves (or sees) half a cluster.
 */
export async function ensureTemplate(dir?: string): Promise<string> {
  const target = dir ?? (await templateDir());
  if (await exists(join(target, "PG_VERSION"))) return target;
  await mkdir(dirname(target), { recursive: true });
  const building = await mkdtemp(`${target}.building-`);
  try {
    const { PGlite } = await loadPglite();
    const pg = new PGlite(building);
    await pg.waitReady;
    // A clean shutdown (checkpoint), so the copy needs no recovery when it is opened.
    await pg.close();
    await rename(building, target).catch(async (e: NodeJS.ErrnoException) => {
      // Someone else finished first: theirs is as good as ours.
      if (!(await exists(join(target, "PG_VERSION")))) throw e;
    });
  } finally {
    await rm(building, { recursive: true, force: true });
  }
  return target;
}

/**
 * Fills an empty PGlite folder with a copy of the template. PG_VERSION, the file PGlite
 * looks for to tell "a database is here" from "run initdb", is copied last: an
 * interrupted copy is started over at the next start instead of being opened.
 * Returns false (and copies nothing) when no template can be had (say, a read-only
 * node_modules); PGlite then runs initdb itself in the folder, as it always did.
 */
export async function fillFromTemplate(pgdata: string, templateAt?: string): Promise<boolean> {
  let template: string;
  try {
    template = await ensureTemplate(templateAt);
  } catch {
    return false;
  }
  await copyTree(template, pgdata, "PG_VERSION");
  await copyFile(join(template, "PG_VERSION"), join(pgdata, "PG_VERSION"));
  return true;
}

/**
 * A copy of a folder's tree, files in parallel (about 1,000 small files: fs.cp, one
 * file after the other, takes several times as long). `last` at the top is left out.
 */
async function copyTree(from: string, to: string, last?: string): Promise<void> {
  await mkdir(to, { recursive: true });
  const entries = await readdir(from, { withFileTypes: true });
  await Promise.all(
    entries.map((e) =>
      e.isDirectory()
        ? copyTree(join(from, e.name), join(to, e.name))
        : e.name === last
          ? undefined
          : copyFile(join(from, e.name), join(to, e.name)),
    ),
  );
}
