import { initTRPC } from "@trpc/server";
import type { AppDeps } from "../app.tsx";

export interface ApiContext {
  deps: AppDeps;
}

// Plain JSON (no transformer): the mobile app is not written in TypeScript.
const t = initTRPC.context<ApiContext>().create();
export const router = t.router;
export const publicProcedure = t.procedure;
