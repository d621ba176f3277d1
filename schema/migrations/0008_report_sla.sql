CREATE TABLE "report_sla_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"report_id" uuid NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"fired_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "report_sla_events" ADD CONSTRAINT "report_sla_events_report_id_digital_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."digital_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "report_sla_events_key_uq" ON "report_sla_events" USING btree ("report_id","key");