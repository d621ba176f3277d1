-- Issue 14 (agency work): officers' notification preferences, the inbox's "new since
-- you last looked", and transfers counted apart from rejections for the 3-move cap.
ALTER TABLE "staff_users" ADD COLUMN "mobile" text;--> statement-breakpoint
ALTER TABLE "staff_users" ADD COLUMN "notify_sms" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "staff_users" ADD COLUMN "daily_digest" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "staff_users" ADD COLUMN "lang" text DEFAULT 'ar' NOT NULL;--> statement-breakpoint
ALTER TABLE "staff_users" ADD COLUMN "inbox_seen_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "complaints" ADD COLUMN "transfer_count" integer DEFAULT 0 NOT NULL;
