// Pages format dates through the hub's one formatter (server/calendar/format.ts),
// the same one SMS and email use; this module only keeps the pages' import path.
export { dateText, type DateText } from "../calendar/format.ts";
