CREATE TYPE "public"."callback_kind" AS ENUM('delivery', 'stop');--> statement-breakpoint
CREATE TYPE "public"."callback_status" AS ENUM('pending', 'succeeded', 'failed');--> statement-breakpoint
ALTER TYPE "public"."outgoing_status" ADD VALUE 'canceled';--> statement-breakpoint
CREATE TABLE "callback_calls" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "callback_calls_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"sms_account_id" integer NOT NULL,
	"kind" "callback_kind" NOT NULL,
	"outgoing_sms_id" bigint,
	"url" text NOT NULL,
	"params" jsonb NOT NULL,
	"status" "callback_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_http_status" integer,
	"last_answer" text,
	"last_attempt_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sms_accounts" ADD COLUMN "callback_url" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "sms_accounts" ADD COLUMN "stop_callback_url" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "sms_accounts" ADD COLUMN "callback_secret" text;--> statement-breakpoint
ALTER TABLE "callback_calls" ADD CONSTRAINT "callback_calls_sms_account_id_sms_accounts_id_fk" FOREIGN KEY ("sms_account_id") REFERENCES "public"."sms_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_calls" ADD CONSTRAINT "callback_calls_outgoing_sms_id_outgoing_sms_id_fk" FOREIGN KEY ("outgoing_sms_id") REFERENCES "public"."outgoing_sms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "callback_calls_account_idx" ON "callback_calls" USING btree ("sms_account_id","id");