import { listAgencies } from "../directory/queries.ts";
import { publicProcedure, router } from "./trpc.ts";
import { identityRouter } from "./identity.ts";

export const appRouter = router({
  identity: identityRouter,
  directory: router({
    agencies: publicProcedure.query(({ ctx }) => listAgencies(ctx.deps.db)),
  }),
});

export type AppRouter = typeof appRouter;
