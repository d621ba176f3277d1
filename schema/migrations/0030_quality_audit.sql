-- The national unit's quality audit (issue 19): a reproducible sample of closed cases per
-- agency per quarter, each scored 0-2 on four criteria by a reviewer. A score is all four
-- criteria or none, so a half-scored row cannot skew the mean.
CREATE TABLE "quality_audits" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "period" text NOT NULL,
  "agency_code" text NOT NULL,
  "complaint_id" uuid NOT NULL REFERENCES "complaints"("id"),
  "kind" text NOT NULL,
  "closed_at" timestamp with time zone NOT NULL,
  "sampled_at" timestamp with time zone NOT NULL,
  "addressed" integer,
  "correct" integer,
  "clear" integer,
  "complete" integer,
  "note" text,
  "reviewer_id" uuid REFERENCES "staff_users"("id"),
  "scored_at" timestamp with time zone,
  CONSTRAINT "quality_audits_period" CHECK ("period" ~ '^[0-9]{4}-Q[1-4]$'),
  CONSTRAINT "quality_audits_range" CHECK (
    "addressed" between 0 and 2 and "correct" between 0 and 2 and "clear" between 0 and 2 and "complete" between 0 and 2
  ),
  CONSTRAINT "quality_audits_whole" CHECK (
    ("scored_at" is null and "addressed" is null and "correct" is null and "clear" is null and "complete" is null)
    or ("scored_at" is not null and "addressed" is not null and "correct" is not null and "clear" is not null and "complete" is not null)
  )
);--> statement-breakpoint
CREATE UNIQUE INDEX "quality_audits_period_complaint_uq" ON "quality_audits" ("period", "complaint_id");--> statement-breakpoint
CREATE INDEX "quality_audits_agency_idx" ON "quality_audits" ("agency_code", "period");--> statement-breakpoint
CREATE INDEX "quality_audits_closed_idx" ON "quality_audits" ("closed_at");
