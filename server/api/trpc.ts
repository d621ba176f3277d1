import { initTRPC } from "@trpc/server";
import type { Context } from "hono";
import type { AppDeps, AppEnv } from "../app.tsx";

export interface ApiContext {
  deps: AppDeps;
  /** The Hono request, so procedures can read and set cookies like the web pages do. */
  c: Context<AppEnv>;
}

// Plain JSON (no transformer): the mobile app is not written in TypeScript.
const t = initTRPC.context<ApiContext>().create();
export const router = t.router;
export const publicProcedure = t.procedure;
