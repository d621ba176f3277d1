import { listAgencies } from "../directory/queries.ts";
import { publicProcedure, router } from "./trpc.ts";

export const appRouter = router({
  directory: router({
    agencies: publicProcedure.query(({ ctx }) => listAgencies(ctx.deps.db)),
  }),
});

export type AppRouter = typeof appRouter;
