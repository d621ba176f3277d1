CREATE TABLE "kpi_daily" (
	"day" text NOT NULL,
	"agency_code" text NOT NULL,
	"service_code" text DEFAULT '' NOT NULL,
	"metric" text NOT NULL,
	"dim" text DEFAULT '' NOT NULL,
	"value" double precision NOT NULL
);
--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "routed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "close_working_days" integer;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "closed_on_time" boolean;--> statement-breakpoint
CREATE UNIQUE INDEX "kpi_daily_uq" ON "kpi_daily" USING btree ("day","agency_code","service_code","metric","dim");--> statement-breakpoint
CREATE INDEX "kpi_daily_metric_idx" ON "kpi_daily" USING btree ("metric","day");--> statement-breakpoint
UPDATE "complaints" SET "routed_at" = "created_at" WHERE "agency_code" IS NOT NULL;
