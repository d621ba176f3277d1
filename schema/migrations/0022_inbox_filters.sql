-- Issue 16 item 3: the inbox's filters by city, service and classification at a million
-- complaints. Through the tab indexes alone a selective filter reads a whole tab of the
-- agency to find (or count) its few rows; these lead with the filter after the agency, so
-- the tab counts and the first page read only matching entries. `npm run bench:inbox`
-- prints the plans.
CREATE INDEX "complaints_inbox_city_idx" ON "complaints" USING btree ("agency_code","city","status","action_due_at","id");--> statement-breakpoint
CREATE INDEX "complaints_inbox_service_idx" ON "complaints" USING btree ("agency_code","service_code","status","action_due_at","id");--> statement-breakpoint
CREATE INDEX "complaints_inbox_class_idx" ON "complaints" USING btree ("agency_code","importance","complexity","action_type","status","action_due_at","id");
