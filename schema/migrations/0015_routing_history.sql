CREATE TABLE "routing_examples" (
	"complaint_id" uuid PRIMARY KEY NOT NULL,
	"agency_code" text NOT NULL,
	"service_code" text NOT NULL,
	"rejected_by" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"routed_by" text NOT NULL,
	"words" text[] NOT NULL,
	"accepted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "routing_examples" ADD CONSTRAINT "routing_examples_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "routing_examples_accepted_idx" ON "routing_examples" USING btree ("accepted_at");
