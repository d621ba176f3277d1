/**
 * Writes packages/api-types/index.d.ts: the hub's tRPC router as a type a client app
 * installs without the server's source (issue 18 item 5).
 *
 *   npm run api:types            rewrites the file
 *   npm run api:types -- --check exits 1 when the committed file is out of date
 *
 * Why not emit declarations of `appRouter`: its type carries the procedures' context (the
 * hub's dependencies, so drizzle tables, hono's Context, the database), which a client
 * has no use for and could not resolve. A procedure's own type is only its input and
 * output, so this walks the router with the compiler and writes each procedure's input and
 * output out as plain structural types, with `ctx: object` at the root. The result
 * imports nothing but @trpc/server's router and procedure types (a peer dependency any
 * tRPC client has anyway).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const entry = join(root, "server/api/public-types.ts");
export const OUTPUT = join(root, "packages/api-types/index.d.ts");

export function generateApiTypes(): string {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, "tsconfig.json"),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  if (!config) throw new Error("tsconfig.json could not be read");
  const program = ts.createProgram([entry], { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry)!;
  const moduleSymbol = checker.getSymbolAtLocation(source)!;
  const routerSymbol = checker.getExportsOfModule(moduleSymbol).find((s) => s.name === "AppRouterRecord");
  if (!routerSymbol) throw new Error("server/api/public-types.ts must export AppRouterRecord");
  const record = checker.getDeclaredTypeOfSymbol(routerSymbol);
  const rootSymbol = checker.getExportsOfModule(moduleSymbol).find((s) => s.name === "AppErrorShape")!;
  const errorShape = checker.getDeclaredTypeOfSymbol(rootSymbol);

  const prop = (t: ts.Type, name: string): ts.Type | undefined => {
    const p = t.getProperty(name);
    return p ? checker.getTypeOfSymbol(p) : undefined;
  };

  // A structural printer: names are dropped on purpose, because a named type would need
  // its declaration, and that is the server's source. Date stays Date: the client's
  // types turn it into the string the JSON carries.
  const print = (t: ts.Type, indent: string, seen: Set<ts.Type>): string => {
    const f = t.flags;
    if (f & ts.TypeFlags.Any) return "any";
    if (f & ts.TypeFlags.Unknown) return "unknown";
    if (f & ts.TypeFlags.Never) return "never";
    if (
      f &
      (ts.TypeFlags.String |
        ts.TypeFlags.Number |
        ts.TypeFlags.Boolean |
        ts.TypeFlags.BigInt |
        ts.TypeFlags.Null |
        ts.TypeFlags.Undefined |
        ts.TypeFlags.Void)
    )
      return checker.typeToString(t);
    if (f & (ts.TypeFlags.StringLiteral | ts.TypeFlags.NumberLiteral | ts.TypeFlags.BooleanLiteral | ts.TypeFlags.TemplateLiteral))
      return checker.typeToString(t);
    if (t.isUnion()) return printUnion(t.types, indent, seen);
    if (t.isIntersection()) return t.types.map((u) => `(${print(u, indent, seen)})`).join(" & ");
    if (checker.isArrayType(t)) {
      const [el] = checker.getTypeArguments(t as ts.TypeReference);
      return `Array<${print(el!, indent, seen)}>`;
    }
    if (checker.isTupleType(t)) {
      return `[${checker
        .getTypeArguments(t as ts.TypeReference)
        .map((u) => print(u, indent, seen))
        .join(", ")}]`;
    }
    if (t.symbol?.name === "Date") return "Date";
    if (f & ts.TypeFlags.Object) {
      if (seen.has(t)) throw new Error(`a recursive type cannot be written out: ${checker.typeToString(t)}`);
      if (t.getCallSignatures().length) throw new Error(`a procedure returns a function: ${checker.typeToString(t)}`);
      const next = new Set(seen).add(t);
      const inner = indent + "  ";
      const lines: string[] = [];
      const stringIndex = checker.getIndexInfoOfType(t, ts.IndexKind.String);
      if (stringIndex) lines.push(`${inner}[key: string]: ${print(stringIndex.type, inner, next)};`);
      for (const p of checker.getPropertiesOfType(t)) {
        const optional = (p.flags & ts.SymbolFlags.Optional) !== 0;
        const pt = checker.getTypeOfSymbol(p);
        const key = /^[A-Za-z_$][\w$]*$/.test(p.name) ? p.name : JSON.stringify(p.name);
        // An optional property's type has undefined in it already: `?` says so.
        const text =
          optional && pt.isUnion()
            ? printUnion(
                pt.types.filter((u) => !(u.flags & ts.TypeFlags.Undefined)),
                inner,
                next,
              )
            : print(pt, inner, next);
        lines.push(`${inner}${key}${optional ? "?" : ""}: ${text};`);
      }
      return lines.length ? `{\n${lines.join("\n")}\n${indent}}` : "{}";
    }
    throw new Error(`no way to write out ${checker.typeToString(t)}`);
  };

  // boolean arrives as true | false: it is printed back as boolean.
  const printUnion = (types: readonly ts.Type[], indent: string, seen: Set<ts.Type>): string => {
    const set = new Set(types.map((u) => print(u, indent, seen)));
    if (set.has("true") && set.has("false")) {
      set.delete("true");
      set.delete("false");
      set.add("boolean");
    }
    return [...set].join(" | ");
  };

  const walk = (t: ts.Type, indent: string): string => {
    const inner = indent + "  ";
    const lines: string[] = [];
    for (const p of checker.getPropertiesOfType(t)) {
      const pt = checker.getTypeOfSymbol(p);
      const def = prop(pt, "_def");
      const kind = def && prop(def, "type");
      if (def && kind && kind.isStringLiteral()) {
        const types = prop(def, "$types")!;
        const name = kind.value === "query" ? "TRPCQueryProcedure" : kind.value === "mutation" ? "TRPCMutationProcedure" : null;
        if (!name) throw new Error(`${p.name}: only queries and mutations are written out, not ${kind.value}`);
        lines.push(
          `${inner}${p.name}: ${name}<{\n${inner}  input: ${print(prop(types, "input")!, inner + "  ", new Set())};\n${inner}  output: ${print(prop(types, "output")!, inner + "  ", new Set())};\n${inner}  meta: object;\n${inner}}>;`,
        );
      } else {
        lines.push(`${inner}${p.name}: ${walk(pt, inner)};`);
      }
    }
    return `{\n${lines.join("\n")}\n${indent}}`;
  };

  return [
    "// Generated by `npm run api:types` from server/api/router.ts: do not edit by hand.",
    "// The complaint hub's tRPC router, for client apps: createTRPCClient<AppRouter>(...).",
    'import type { TRPCBuiltRouter, TRPCQueryProcedure, TRPCMutationProcedure } from "@trpc/server";',
    "",
    `/** The body of every error: \`error.data.reason\` is the code to branch on, \`error.message\` the sentence in the caller's language. */`,
    `export type AppErrorShape = ${print(errorShape, "", new Set())};`,
    "",
    `export type AppRouterRecord = ${walk(record, "")};`,
    "",
    "export type AppRouter = TRPCBuiltRouter<{ ctx: object; meta: object; errorShape: AppErrorShape; transformer: false }, AppRouterRecord>;",
    "",
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = generateApiTypes();
  if (process.argv.includes("--check")) {
    const current = readFileSync(OUTPUT, "utf8");
    if (current !== text) {
      console.error("packages/api-types/index.d.ts is out of date: run npm run api:types");
      process.exit(1);
    }
    console.log("packages/api-types/index.d.ts is up to date");
  } else {
    writeFileSync(OUTPUT, text);
    console.log(`wrote ${OUTPUT} (${text.length} characters)`);
  }
}
