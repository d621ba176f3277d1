export * from "./directory.ts";
export * from "./calendar.ts";
export * from "./identity.ts";
export * from "./complaints.ts";
export * from "./routing.ts";
export * from "./api-clients.ts";
export * from "./quality.ts";
