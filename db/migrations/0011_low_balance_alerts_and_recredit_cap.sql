CREATE TYPE "public"."alert_delivery_status" AS ENUM('pending', 'sent', 'failed', 'skipped');--> statement-breakpoint
CREATE TABLE "balance_alert_recipients" (
	"sms_account_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	CONSTRAINT "balance_alert_recipients_sms_account_id_user_id_pk" PRIMARY KEY("sms_account_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "balance_alerts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "balance_alerts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"sms_account_id" integer NOT NULL,
	"threshold" numeric(14, 2) NOT NULL,
	"balance" numeric(14, 2) NOT NULL,
	"trigger_entry_id" bigint,
	"email_status" "alert_delivery_status" NOT NULL,
	"email_recipients" jsonb NOT NULL,
	"webhook_status" "alert_delivery_status" NOT NULL,
	"webhook_url" text,
	"webhook_response_code" integer,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "recredit_setting_changes" ADD COLUMN "monthly_cap_minor" bigint;--> statement-breakpoint
ALTER TABLE "sms_accounts" ADD COLUMN "recredit_monthly_cap_minor" bigint;--> statement-breakpoint
ALTER TABLE "sms_accounts" ADD COLUMN "alert_threshold" numeric(14, 2);--> statement-breakpoint
ALTER TABLE "sms_accounts" ADD COLUMN "alert_armed" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "sms_accounts" ADD COLUMN "alert_webhook_url" text;--> statement-breakpoint
ALTER TABLE "sms_accounts" ADD COLUMN "alert_webhook_secret_encrypted" text;--> statement-breakpoint
ALTER TABLE "balance_alert_recipients" ADD CONSTRAINT "balance_alert_recipients_sms_account_id_sms_accounts_id_fk" FOREIGN KEY ("sms_account_id") REFERENCES "public"."sms_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "balance_alert_recipients" ADD CONSTRAINT "balance_alert_recipients_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "balance_alerts" ADD CONSTRAINT "balance_alerts_sms_account_id_sms_accounts_id_fk" FOREIGN KEY ("sms_account_id") REFERENCES "public"."sms_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "balance_alerts_account_idx" ON "balance_alerts" USING btree ("sms_account_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "balance_alerts_trigger_entry_key" ON "balance_alerts" USING btree ("trigger_entry_id");--> statement-breakpoint
ALTER TABLE "sms_accounts" ADD CONSTRAINT "sms_accounts_alert_threshold_nonnegative" CHECK ("sms_accounts"."alert_threshold" IS NULL OR "sms_accounts"."alert_threshold" >= 0);--> statement-breakpoint
ALTER TABLE "sms_accounts" ADD CONSTRAINT "sms_accounts_recredit_cap_positive" CHECK ("sms_accounts"."recredit_monthly_cap_minor" IS NULL OR "sms_accounts"."recredit_monthly_cap_minor" > 0);