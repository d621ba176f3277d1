-- A staff registration sent twice (a double click, a resend after a timeout) is one
-- complaint: the form carries a random key, kept in client_key, unique per officer.
-- Citizens' own submissions (registered_by null) keep their (citizen_id, client_key) key.
CREATE UNIQUE INDEX "complaints_staff_form_key_uq" ON "complaints" USING btree ("registered_by","client_key") WHERE "registered_by" IS NOT NULL;
