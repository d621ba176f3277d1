-- Attachments may live in an S3-compatible object store (issue 16 item 6b): the row then
-- holds the object's key and no bytes. Every row keeps its bytes somewhere: in "data"
-- (the embedded default, bytea) or behind "storage_key" (written only after the object
-- was stored; `hub attachments move-to-s3` clears "data" only after checking the copy).
ALTER TABLE "complaint_attachments" ALTER COLUMN "data" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "complaint_attachments" ADD COLUMN "storage_key" text;--> statement-breakpoint
ALTER TABLE "complaint_attachments" ADD CONSTRAINT "complaint_attachments_bytes_kept" CHECK ("data" is not null or "storage_key" is not null);--> statement-breakpoint
-- What the move reads page by page: the rows still holding their bytes.
CREATE INDEX "complaint_attachments_in_row_idx" ON "complaint_attachments" ("id") WHERE "data" is not null;
