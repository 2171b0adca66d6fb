CREATE TYPE "public"."outgoing_status" AS ENUM('pending', 'delivered', 'failed');--> statement-breakpoint
CREATE TYPE "public"."recredit_attempt_status" AS ENUM('succeeded', 'failed');--> statement-breakpoint
CREATE TABLE "outgoing_sms" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "outgoing_sms_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"sms_account_id" integer NOT NULL,
	"receiver" text NOT NULL,
	"sender" text NOT NULL,
	"message" text NOT NULL,
	"encoding" text NOT NULL,
	"parts" integer NOT NULL,
	"credits" numeric(14, 2) NOT NULL,
	"status" "outgoing_status" DEFAULT 'pending' NOT NULL,
	"ptt" integer DEFAULT 254 NOT NULL,
	"tag" text DEFAULT '' NOT NULL,
	"ledger_entry_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "recredit_attempts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "recredit_attempts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"sms_account_id" integer NOT NULL,
	"status" "recredit_attempt_status" NOT NULL,
	"amount" integer NOT NULL,
	"reason" text,
	"switched_off" boolean DEFAULT false NOT NULL,
	"order_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recredit_setting_changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "recredit_setting_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"sms_account_id" integer NOT NULL,
	"threshold" numeric(14, 2) NOT NULL,
	"amount" integer,
	"actor_type" "actor_type" NOT NULL,
	"actor_user_id" integer,
	"actor_label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outgoing_sms" ADD CONSTRAINT "outgoing_sms_sms_account_id_sms_accounts_id_fk" FOREIGN KEY ("sms_account_id") REFERENCES "public"."sms_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recredit_attempts" ADD CONSTRAINT "recredit_attempts_sms_account_id_sms_accounts_id_fk" FOREIGN KEY ("sms_account_id") REFERENCES "public"."sms_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recredit_attempts" ADD CONSTRAINT "recredit_attempts_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recredit_setting_changes" ADD CONSTRAINT "recredit_setting_changes_sms_account_id_sms_accounts_id_fk" FOREIGN KEY ("sms_account_id") REFERENCES "public"."sms_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recredit_setting_changes" ADD CONSTRAINT "recredit_setting_changes_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outgoing_sms_account_idx" ON "outgoing_sms" USING btree ("sms_account_id","id");--> statement-breakpoint
CREATE INDEX "recredit_attempts_account_idx" ON "recredit_attempts" USING btree ("sms_account_id","id");--> statement-breakpoint
CREATE INDEX "recredit_setting_changes_account_idx" ON "recredit_setting_changes" USING btree ("sms_account_id","id");