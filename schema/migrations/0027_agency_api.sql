-- The agency API (issue 18 item 2). An agency key acts through a staff account of its
-- own, never signed in and holding no role rows: the complaint events and the personal
-- data views it causes name a staff user (both reference staff_users), so the timeline
-- and the privacy log show the key like any officer.
ALTER TABLE "api_clients" ADD COLUMN "staff_id" uuid REFERENCES "staff_users"("id");--> statement-breakpoint
CREATE UNIQUE INDEX "api_clients_staff_idx" ON "api_clients" ("staff_id");--> statement-breakpoint
-- A case system polls its agency's new and changed complaints in (updated_at, id) order.
CREATE INDEX IF NOT EXISTS "complaints_agency_changes_idx" ON "complaints" ("agency_code", "updated_at", "id");
