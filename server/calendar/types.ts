export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6; // 0 = Sunday, as Date#getUTCDay

export interface Holiday {
  date: string; // YYYY-MM-DD in the deployment's time zone
  nameAr?: string;
  nameEn?: string;
  source: "package" | "ics" | "manual";
}

export interface Calendar {
  timeZone: string;
  weekend: readonly Weekday[];
  holidays: ReadonlyMap<string, Holiday>;
}
