export type { Calendar, Holiday, Weekday, WorkingHours } from "./types.ts";
export {
  addHours,
  addWorkingHours,
  calendarLabel,
  DEFAULT_WORKING_HOURS,
  addWorkingDays,
  countWorkingDays,
  createCalendar,
  explainDeadline,
  isWorkingDay,
  lastDay,
  localDate,
  nextWorkingDayStart,
  startOfLocalDay,
  type DeadlineExplanation,
} from "./working-days.ts";
export { holidaysFromPackage, SUPPORTED_COUNTRIES } from "./holidays.ts";
export { IcsParseError, parseIcsHolidays } from "./ics.ts";
export { dateText, formatDate, formatDay, formatNumber, formatTime, isolate, localeFor, ltr, type DateText } from "./format.ts";
