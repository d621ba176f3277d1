ALTER TABLE "staff_users" ADD COLUMN "totp_last_step" bigint;
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "claimed_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "attempt_id" uuid;
