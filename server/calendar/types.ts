export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6; // 0 = Sunday, as Date#getUTCDay

export interface Holiday {
  date: string; // YYYY-MM-DD in the calendar's time zone
  nameAr?: string;
  nameEn?: string;
  source: "package" | "ics" | "manual";
}

/** Working hours of a day, in minutes after local midnight (07:30–14:30 = 450–870). */
export interface WorkingHours {
  start: number;
  end: number;
}

export interface Calendar {
  /** Which calendar this is, so every explanation can name it: "hub" or an agency code. */
  key: string;
  /** The country whose public-holiday rules it carries (SA, OM, JO, …). */
  country: string;
  timeZone: string;
  weekend: readonly Weekday[];
  workingHours: WorkingHours;
  holidays: ReadonlyMap<string, Holiday>;
}
