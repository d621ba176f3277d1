export * from "./directory.ts";
export * from "./calendar.ts";
