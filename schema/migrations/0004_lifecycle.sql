CREATE TABLE "personal_data_views" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"staff_id" uuid NOT NULL,
	"complaint_id" uuid NOT NULL,
	"fields" text[] NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "complaint_attachments" ADD COLUMN "event_id" integer;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "assigned_to" uuid;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "jurisdiction_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "accepted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "resolution_days" integer;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "extension_reason" text;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "paused_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "paused_days" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "info_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "action_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "outcome" text;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "resolution" text;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "reopen_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "reopen_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "rejection_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "flagged" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "search_doc" "tsvector";--> statement-breakpoint
ALTER TABLE "personal_data_views" ADD CONSTRAINT "personal_data_views_staff_id_staff_users_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personal_data_views" ADD CONSTRAINT "personal_data_views_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "personal_data_views_complaint_idx" ON "personal_data_views" USING btree ("complaint_id","at");--> statement-breakpoint
CREATE INDEX "personal_data_views_staff_idx" ON "personal_data_views" USING btree ("staff_id","at");--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_assigned_to_staff_users_id_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "complaints_inbox_idx" ON "complaints" USING btree ("agency_code","status","action_due_at","id") INCLUDE ("service_code","city","complexity","importance","action_type","created_at","assigned_to");--> statement-breakpoint
CREATE INDEX "complaints_inbox_due_idx" ON "complaints" USING btree ("agency_code","action_due_at","id") INCLUDE ("service_code","city","complexity","importance","action_type","created_at","assigned_to") WHERE "complaints"."status" in ('routed', 'in_progress');--> statement-breakpoint
CREATE INDEX "complaints_inbox_closed_idx" ON "complaints" USING btree ("agency_code","closed_at","id") INCLUDE ("service_code","city","complexity","importance","action_type","created_at","assigned_to") WHERE "complaints"."status" in ('closed', 'withdrawn');--> statement-breakpoint
CREATE INDEX "complaints_assigned_idx" ON "complaints" USING btree ("assigned_to","status");--> statement-breakpoint
CREATE INDEX "complaints_search_idx" ON "complaints" USING gin ("search_doc");--> statement-breakpoint
-- Complaints filed before the lifecycle existed get approximate jurisdiction deadlines
-- (calendar days scaled for a five-day week) so they sort and show as due; new ones get
-- the calendar's exact working-day deadline.
UPDATE "complaints" c SET "jurisdiction_due_at" = c."created_at" + make_interval(days => s."jurisdiction_days" * 7 / 5 + 1), "action_due_at" = c."created_at" + make_interval(days => s."jurisdiction_days" * 7 / 5 + 1) FROM "services" s WHERE s."agency_code" = c."agency_code" AND s."code" = c."service_code" AND c."status" = 'routed';--> statement-breakpoint
UPDATE "complaints" SET "search_doc" = to_tsvector('simple', coalesce("title", '') || ' ' || "text");
