CREATE TABLE "agencies" (
	"code" text PRIMARY KEY NOT NULL,
	"name_ar" text NOT NULL,
	"name_en" text NOT NULL,
	"parent_code" text,
	"cities" text[],
	"website" text,
	"escalation" jsonb NOT NULL,
	"source_file" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cities" (
	"code" text PRIMARY KEY NOT NULL,
	"name_ar" text NOT NULL,
	"name_en" text NOT NULL,
	"region_ar" text NOT NULL,
	"region_en" text NOT NULL,
	"country" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "services" (
	"id" serial PRIMARY KEY NOT NULL,
	"agency_code" text NOT NULL,
	"code" text NOT NULL,
	"name_ar" text NOT NULL,
	"name_en" text NOT NULL,
	"kinds" text[] NOT NULL,
	"sla_days" jsonb NOT NULL,
	"jurisdiction_days" integer NOT NULL,
	"escalation_hours" integer[] NOT NULL,
	"prior_ref_required" boolean DEFAULT false NOT NULL,
	"prior_ref_pattern" text,
	"prior_ref_label" jsonb,
	"complexity" text NOT NULL,
	"importance" text NOT NULL,
	"action_type" text NOT NULL,
	"hints" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_holidays" (
	"id" serial PRIMARY KEY NOT NULL,
	"date" date NOT NULL,
	"name_ar" text,
	"name_en" text,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_agency_code_agencies_code_fk" FOREIGN KEY ("agency_code") REFERENCES "public"."agencies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "services_agency_code_uq" ON "services" USING btree ("agency_code","code");--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_holidays_date_source_uq" ON "calendar_holidays" USING btree ("date","source");