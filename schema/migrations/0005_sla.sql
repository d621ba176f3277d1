CREATE TABLE "satisfaction" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"complaint_id" uuid NOT NULL,
	"agency_code" text,
	"token_hash" text NOT NULL,
	"invited_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"resolved" text,
	"stars" integer,
	"comment" text,
	CONSTRAINT "satisfaction_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "sla_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"complaint_id" uuid NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"level" integer DEFAULT 0 NOT NULL,
	"agency_code" text,
	"due_at" timestamp with time zone NOT NULL,
	"fired_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "sla_next_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "escalation_level" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "satisfaction" ADD CONSTRAINT "satisfaction_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_events" ADD CONSTRAINT "sla_events_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "satisfaction_complaint_idx" ON "satisfaction" USING btree ("complaint_id");--> statement-breakpoint
CREATE INDEX "satisfaction_agency_idx" ON "satisfaction" USING btree ("agency_code","answered_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sla_events_key_uq" ON "sla_events" USING btree ("complaint_id","key");--> statement-breakpoint
CREATE INDEX "sla_events_agency_idx" ON "sla_events" USING btree ("agency_code","level","fired_at");--> statement-breakpoint
CREATE INDEX "complaints_sla_next_idx" ON "complaints" USING btree ("sla_next_at") WHERE "complaints"."sla_next_at" is not null;--> statement-breakpoint
-- Open complaints filed before the SLA engine get looked at on its first pass, which
-- works out what is due from their deadlines (catching up like after downtime). Closed
-- ones are left alone: no satisfaction invitations for closures long past.
UPDATE "complaints" SET "sla_next_at" = CASE "status" WHEN 'routed' THEN "jurisdiction_due_at" WHEN 'in_progress' THEN "accepted_at" WHEN 'awaiting_citizen' THEN "paused_at" END WHERE "status" IN ('routed', 'in_progress', 'awaiting_citizen');
