ALTER TABLE "agencies" ADD COLUMN "calendar" jsonb;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "reopen_window" text;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "clock_start" text DEFAULT 'receipt' NOT NULL;--> statement-breakpoint
ALTER TABLE "calendar_holidays" ADD COLUMN "scope" text DEFAULT '' NOT NULL;--> statement-breakpoint
DROP INDEX IF EXISTS "calendar_holidays_date_source_uq";--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_holidays_date_source_scope_uq" ON "calendar_holidays" USING btree ("date","source","scope");--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "due_from" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "beyond_agency_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "complaints_beyond_agency_idx" ON "complaints" USING btree ("beyond_agency_at") WHERE "beyond_agency_at" IS NOT NULL;--> statement-breakpoint
CREATE TABLE "hub_versions" (
	"name" text PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE TABLE "calendar_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"scope" text NOT NULL,
	"reason" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"done_at" timestamp with time zone
);--> statement-breakpoint
CREATE INDEX "calendar_changes_pending_idx" ON "calendar_changes" USING btree ("id") WHERE "done_at" IS NULL;--> statement-breakpoint
CREATE TABLE "admin_audit" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"actor_id" uuid,
	"at" timestamp with time zone NOT NULL,
	"entity" text NOT NULL,
	"key" text NOT NULL,
	"before" jsonb,
	"after" jsonb
);
