-- The counters serve logins and API calls alike: the table is named for what it holds (kept rows, renamed in place).
ALTER TABLE "login_throttle" RENAME TO "rate_limits";--> statement-breakpoint
ALTER TABLE "rate_limits" RENAME CONSTRAINT "login_throttle_pkey" TO "rate_limits_pkey";--> statement-breakpoint
ALTER INDEX "login_throttle_expire_idx" RENAME TO "rate_limits_expire_idx";
