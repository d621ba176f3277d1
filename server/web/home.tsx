import { createRouter } from "../app-env.ts";
import { listAgencies } from "../directory/queries.ts";
import { directoryNames, inLang } from "../directory/names.ts";
import { HomePage } from "../../views/pages/home.tsx";
import { pageContext } from "./context.ts";

export function homeRoutes() {
  const app = createRouter();
  app.get("/", async (c) => {
    const { db, demo } = c.var.deps;
    const ctx = pageContext(c, demo);
    const [agencies, names] = await Promise.all([listAgencies(db), directoryNames(db)]);
    const cityNames = new Map(names.cities.filter((r) => r.active).map((r) => [r.code, inLang(r, ctx.lang)]));
    return c.html(<HomePage ctx={ctx} agencies={agencies} cityNames={cityNames} />);
  });
  return app;
}
