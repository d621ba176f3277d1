CREATE INDEX "complaint_events_type_at_idx" ON "complaint_events" USING btree ("type","at");--> statement-breakpoint
CREATE INDEX "complaints_created_idx" ON "complaints" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "sla_events_fired_idx" ON "sla_events" USING btree ("fired_at");