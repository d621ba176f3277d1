-- The national unit's recommendations per periodic report (issue 19 item 4); changes are
-- audited in admin_audit (entity 'national_report').
CREATE TABLE "national_report_notes" (
  "period" text PRIMARY KEY NOT NULL,
  "recommendations" text NOT NULL,
  "version" integer DEFAULT 1 NOT NULL,
  "updated_by" uuid REFERENCES "staff_users"("id"),
  "updated_at" timestamp with time zone NOT NULL,
  CONSTRAINT "national_report_notes_period" CHECK ("period" ~ '^[0-9]{4}(-Q[1-4])?$')
);
