// The liaison officer's inbox: one agency's complaints by tab, filtered, searched, sorted
// by the deadline that matters now, and paged by keyset (never OFFSET: page 400 of a
// large agency costs the same as page 1). Every query starts from an index in
// schema/complaints.ts; `npm run bench:inbox` shows the plans at a million complaints.

export * from "./inbox-rules.ts";
export { inboxCounts, inboxPage, workload } from "./store-inbox.ts";
