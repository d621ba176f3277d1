-- Praise names the staff member it thanks (issue 14; seed 002 §5.1: praise is acknowledged
-- and passed on to the named staff member's agency). What the citizen typed, kept apart
-- from the text so the agency sees it at a glance and reports can count it per person.
ALTER TABLE "complaints" ADD COLUMN "praised_staff" text;
