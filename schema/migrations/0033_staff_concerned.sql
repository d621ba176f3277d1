-- A complaint may name the staff member it is about (issue 19 item 2: repeated complaints
-- naming one staff member, seen only by the national unit and that agency's supervisors).
-- What the citizen typed, and the name folded (Arabic letter forms, marks, case, spaces)
-- so that the same person written three ways is counted once.
ALTER TABLE "complaints" ADD COLUMN "staff_concerned" text;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "staff_concerned_key" text;--> statement-breakpoint
CREATE INDEX "complaints_staff_concerned_idx" ON "complaints" USING btree ("agency_code","staff_concerned_key") WHERE "staff_concerned_key" is not null;
