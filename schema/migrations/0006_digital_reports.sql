CREATE TABLE "digital_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"type" text NOT NULL,
	"status" text NOT NULL,
	"citizen_id" uuid NOT NULL,
	"complaint_id" uuid,
	"ground" text,
	"agency_code" text NOT NULL,
	"service_code" text,
	"text" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"answer" text,
	"answered_at" timestamp with time zone,
	"outcome" text,
	"closed_at" timestamp with time zone,
	"rating_resolved" text,
	"rating_stars" integer,
	"rated_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"client_key" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "digital_reports_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
CREATE TABLE "report_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"report_id" uuid NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" uuid,
	"type" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"visible_to_citizen" boolean DEFAULT true NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_followups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"agency_code" text NOT NULL,
	"question" text NOT NULL,
	"asked_by" uuid,
	"asked_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"answer" text,
	"answered_by" uuid,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "digital_reports" ADD CONSTRAINT "digital_reports_citizen_id_citizens_id_fk" FOREIGN KEY ("citizen_id") REFERENCES "public"."citizens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digital_reports" ADD CONSTRAINT "digital_reports_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_events" ADD CONSTRAINT "report_events_report_id_digital_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."digital_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_followups" ADD CONSTRAINT "report_followups_report_id_digital_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."digital_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_followups" ADD CONSTRAINT "report_followups_asked_by_staff_users_id_fk" FOREIGN KEY ("asked_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_followups" ADD CONSTRAINT "report_followups_answered_by_staff_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "digital_reports_client_key_uq" ON "digital_reports" USING btree ("citizen_id","client_key");--> statement-breakpoint
CREATE INDEX "digital_reports_queue_idx" ON "digital_reports" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "digital_reports_citizen_idx" ON "digital_reports" USING btree ("citizen_id","created_at");--> statement-breakpoint
CREATE INDEX "digital_reports_agency_idx" ON "digital_reports" USING btree ("agency_code","created_at");--> statement-breakpoint
CREATE INDEX "report_events_report_idx" ON "report_events" USING btree ("report_id","id");--> statement-breakpoint
CREATE INDEX "report_followups_agency_idx" ON "report_followups" USING btree ("agency_code","answered_at","due_at");--> statement-breakpoint
CREATE INDEX "report_followups_report_idx" ON "report_followups" USING btree ("report_id");