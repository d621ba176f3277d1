import { Hono } from "hono";
import type { AppEnv } from "../../app.tsx";

export function staffRoutes() {
  const app = new Hono<AppEnv>();
  return app;
}
