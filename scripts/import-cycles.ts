/**
 * Lists the import circles under the given folders (default: server views). Type-only
 * imports count too: a circle of types still means neither module can be read, tested
 * or moved without the other. Exit code 1 when a circle exists.
 *
 *   npx tsx scripts/import-cycles.ts [--values-only] [folder...]
 */
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

const args = process.argv.slice(2);
const valuesOnly = args.includes("--values-only");
const roots = args.filter((a) => !a.startsWith("--"));
const folders = (roots.length ? roots : ["server", "views"]).map((r) => resolve(r));

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (/\.tsx?$/.test(name) && !name.endsWith(".d.ts")) out.push(full);
  }
  return out;
}

function imports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false);
  const found: string[] = [];
  for (const st of source.statements) {
    if ((ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)) {
      const typeOnly = ts.isImportDeclaration(st) ? !!st.importClause?.isTypeOnly : st.isTypeOnly;
      if (valuesOnly && typeOnly) continue;
      found.push(st.moduleSpecifier.text);
    }
  }
  return found
    .filter((s) => s.startsWith("."))
    .map((s) => resolve(dirname(file), s))
    .filter((p) => existsSync(p));
}

const files = folders.flatMap((f) => walk(f));
const known = new Set(files);
const edges = new Map(files.map((f) => [f, imports(f).filter((t) => known.has(t))]));

// Tarjan's strongly connected components: every component with more than one file is a circle.
let index = 0;
const idx = new Map<string, number>();
const low = new Map<string, number>();
const stack: string[] = [];
const onStack = new Set<string>();
const circles: string[][] = [];
function connect(v: string) {
  idx.set(v, index);
  low.set(v, index++);
  stack.push(v);
  onStack.add(v);
  for (const w of edges.get(v) ?? []) {
    if (!idx.has(w)) {
      connect(w);
      low.set(v, Math.min(low.get(v)!, low.get(w)!));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
  }
  if (low.get(v) === idx.get(v)) {
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) circles.push(component);
  }
}
for (const f of files) if (!idx.has(f)) connect(f);

const inCircles = circles.reduce((n, c) => n + c.length, 0);
for (const c of circles) {
  console.log(`circle of ${c.length} files:`);
  for (const f of c.sort()) console.log(`  ${relative(process.cwd(), f)}`);
}
console.log(`${files.length} files, ${circles.length} circles, ${inCircles} files in circles${valuesOnly ? " (value imports only)" : ""}`);
process.exitCode = circles.length ? 1 : 0;
