-- Webhooks (issue 18 item 3): an agency's HTTPS endpoint and the events it wants. The
-- deliveries are outbox rows with channel 'webhook' (the outbox has no check on its
-- channel column, so only this table is new), recipient = the endpoint's id.
CREATE TABLE "webhook_endpoints" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "agency_code" text NOT NULL REFERENCES "agencies"("code"),
  "api_client_id" uuid REFERENCES "api_clients"("id"),
  "url" text NOT NULL,
  "secret_sealed" text NOT NULL,
  "events" text[] NOT NULL,
  "active" boolean DEFAULT true NOT NULL,
  "created_by" uuid REFERENCES "staff_users"("id"),
  "created_at" timestamp with time zone NOT NULL,
  "disabled_at" timestamp with time zone,
  CONSTRAINT "webhook_endpoints_disabled" CHECK ("active" = ("disabled_at" is null))
);--> statement-breakpoint
CREATE INDEX "webhook_endpoints_agency_idx" ON "webhook_endpoints" ("agency_code", "active");--> statement-breakpoint
-- The admin page lists an endpoint's recent deliveries: the outbox by channel, newest first.
CREATE INDEX "outbox_webhook_idx" ON "outbox" ("recipient", "id") WHERE "channel" = 'webhook';
