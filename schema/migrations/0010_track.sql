CREATE INDEX "complaints_unlinked_national_id_idx" ON "complaints" USING btree (("contact"->>'nationalId')) WHERE "complaints"."citizen_id" is null;
