// "New" in the liaison portal's header: complaints that reached the officer's agencies
// (filed, routed by triage, transferred in) since the officer last opened the inbox.
// Opening the inbox marks them seen; the notification email is the other half of this.

// The queries live in store-views.ts.
export { markInboxSeen, newWorkCount } from "./store-views.ts";
