ALTER TABLE "staff_users" ADD COLUMN "totp_last_step" bigint;
