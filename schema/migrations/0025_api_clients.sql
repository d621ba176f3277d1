-- Machine callers (issue 18): agency case systems (one agency each) and partner systems
-- that file through Open311. Only the key's hash is kept; every use is recorded.
CREATE TABLE "api_clients" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "kind" text NOT NULL,
  "agency_code" text REFERENCES "agencies"("code"),
  "name" text NOT NULL,
  "prefix" text NOT NULL,
  "key_hash" text NOT NULL UNIQUE,
  "rate_limit" integer DEFAULT 120 NOT NULL,
  "created_by" uuid REFERENCES "staff_users"("id"),
  "created_at" timestamp with time zone NOT NULL,
  "revoked_at" timestamp with time zone,
  "revoked_by" uuid REFERENCES "staff_users"("id"),
  "last_used_at" timestamp with time zone,
  CONSTRAINT "api_clients_kind" CHECK ("kind" in ('agency', 'partner')),
  CONSTRAINT "api_clients_scope" CHECK (("kind" = 'agency') = ("agency_code" is not null))
);--> statement-breakpoint
CREATE INDEX "api_clients_agency_idx" ON "api_clients" ("agency_code");--> statement-breakpoint
CREATE TABLE "api_client_uses" (
  "id" bigserial PRIMARY KEY NOT NULL,
  "client_id" uuid NOT NULL REFERENCES "api_clients"("id"),
  "method" text NOT NULL,
  "path" text NOT NULL,
  "status" integer NOT NULL,
  "reference" text,
  "at" timestamp with time zone NOT NULL
);--> statement-breakpoint
CREATE INDEX "api_client_uses_client_idx" ON "api_client_uses" ("client_id", "at");
