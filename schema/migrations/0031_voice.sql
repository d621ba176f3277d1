ALTER TABLE "digital_reports" ADD COLUMN "technical_fault" boolean;--> statement-breakpoint
CREATE TABLE "voice_quotes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_kind" text NOT NULL,
	"source_id" uuid NOT NULL,
	"source_reference" text NOT NULL,
	"agency_code" text,
	"received_at" timestamp with time zone NOT NULL,
	"proposed" text NOT NULL,
	"text" text NOT NULL,
	"status" text NOT NULL,
	"chosen_by" uuid,
	"chosen_at" timestamp with time zone NOT NULL,
	"published_by" uuid,
	"published_at" timestamp with time zone,
	"withdrawn_by" uuid,
	"withdrawn_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "voice_quotes" ADD CONSTRAINT "voice_quotes_chosen_by_staff_users_id_fk" FOREIGN KEY ("chosen_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_quotes" ADD CONSTRAINT "voice_quotes_published_by_staff_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_quotes" ADD CONSTRAINT "voice_quotes_withdrawn_by_staff_users_id_fk" FOREIGN KEY ("withdrawn_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "voice_quotes_source_uq" ON "voice_quotes" USING btree ("source_kind","source_id");--> statement-breakpoint
CREATE INDEX "voice_quotes_period_idx" ON "voice_quotes" USING btree ("status","received_at");--> statement-breakpoint
CREATE INDEX "digital_reports_created_idx" ON "digital_reports" USING btree ("created_at");
