// "New" in the liaison portal's header: the work an officer is told about (arrived,
// transferred in, reopened, the citizen's answer, the unit's follow-up) on the open
// complaints of the officer's agencies, since the officer last opened the inbox.
// Opening the inbox marks them seen; the notification email is the other half of this.

// The queries live in store-views.ts.
export { ARRIVAL_EVENTS, RETURN_EVENTS, markInboxSeen, newWorkCount } from "./store-views.ts";
