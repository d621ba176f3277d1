ALTER TABLE "complaints" ADD COLUMN "contact" jsonb;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "media" jsonb;