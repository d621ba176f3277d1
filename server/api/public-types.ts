import type { TRPCMutationProcedure as MutationProcedure } from "@trpc/server";
import type { z } from "zod";
import type { appRouter } from "./router.ts";
import type { SubmissionInput } from "../complaints/submit.ts";
import type { reportSchema } from "../reports/reports.ts";

// What scripts/api-types.ts writes out for client apps (packages/api-types): the router's
// procedures and its error shape, without the context the procedures run in.

type Raw = (typeof appRouter)["_def"]["record"];
type Output<P> = P extends { _def: { $types: { output: infer O } } } ? O : never;
type Mutation<I, P> = MutationProcedure<{ input: I; output: Output<P>; meta: object }>;

/**
 * Every procedure of the hub's tRPC router, by path. Filing a complaint and a report take
 * any object at the door, so that a bad field is answered in the use case's own words
 * (with every field's problem, not the first), but a client should be told the shape
 * the use case checks: those two inputs are that shape here.
 */
export type AppRouterRecord = Omit<Raw, "complaints" | "reports"> & {
  complaints: Omit<Raw["complaints"], "submit"> & { submit: Mutation<SubmissionInput, Raw["complaints"]["submit"]> };
  reports: Omit<Raw["reports"], "file"> & { file: Mutation<z.input<typeof reportSchema>, Raw["reports"]["file"]> };
};

/** The body of an error, as the error formatter in trpc.ts makes it. */
export type AppErrorShape = (typeof appRouter)["_def"]["_config"]["$types"]["errorShape"];
