ALTER TYPE "public"."recredit_attempt_status" ADD VALUE 'pending' BEFORE 'succeeded';--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"fingerprint" text NOT NULL,
	"result" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
CREATE TABLE "sandbox_charges" (
	"idempotency_key" text PRIMARY KEY NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" "currency" NOT NULL,
	"outcome" text NOT NULL,
	"provider_reference" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_idempotency" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP TABLE "api_idempotency" CASCADE;--> statement-breakpoint
DROP INDEX "orders_idempotency_key";--> statement-breakpoint
DROP INDEX "transfers_idempotency_key";--> statement-breakpoint
ALTER TABLE "outgoing_sms" ADD COLUMN "handoff_claimed_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outgoing_sms" ADD COLUMN "refund_entry_id" bigint;--> statement-breakpoint
ALTER TABLE "recredit_attempts" ADD COLUMN "trigger_entry_id" bigint;--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "orders_pending_idx" ON "orders" USING btree ("created_at") WHERE "orders"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "outgoing_sms_pending_idx" ON "outgoing_sms" USING btree ("created_at") WHERE "outgoing_sms"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "recredit_attempts_trigger_entry_key" ON "recredit_attempts" USING btree ("trigger_entry_id");--> statement-breakpoint
ALTER TABLE "orders" DROP COLUMN "idempotency_key";--> statement-breakpoint
ALTER TABLE "transfers" DROP COLUMN "idempotency_key";