CREATE TYPE "public"."actor_type" AS ENUM('user', 'api', 'system');--> statement-breakpoint
CREATE TYPE "public"."currency" AS ENUM('EUR', 'GBP', 'PLN');--> statement-breakpoint
CREATE TYPE "public"."ledger_kind" AS ENUM('purchase', 'auto_recredit', 'transfer_out', 'transfer_in', 'sms_consumption', 'adjustment');--> statement-breakpoint
CREATE TYPE "public"."order_kind" AS ENUM('purchase', 'auto_recredit');--> statement-breakpoint
CREATE TYPE "public"."order_status" AS ENUM('pending', 'paid', 'failed');--> statement-breakpoint
CREATE TYPE "public"."payment_method_status" AS ENUM('pending_validation', 'valid', 'refused', 'expired', 'canceled', 'revoked');--> statement-breakpoint
CREATE TYPE "public"."payment_method_type" AS ENUM('sepa_direct_debit', 'card');--> statement-breakpoint
CREATE TYPE "public"."sms_account_status" AS ENUM('enable', 'disable');--> statement-breakpoint
CREATE TYPE "public"."subsidiary" AS ENUM('FR', 'GB', 'IE', 'ES', 'IT', 'PL');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('admin', 'billing', 'viewer');--> statement-breakpoint
CREATE TABLE "customer_accounts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "customer_accounts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"nic_handle" text NOT NULL,
	"name" text NOT NULL,
	"subsidiary" "subsidiary" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_accounts_nic_handle_unique" UNIQUE("nic_handle")
);
--> statement-breakpoint
CREATE TABLE "destination_rates" (
	"subsidiary" "subsidiary" NOT NULL,
	"country_code" text NOT NULL,
	"credits" numeric(14, 2) NOT NULL,
	CONSTRAINT "destination_rates_subsidiary_country_code_pk" PRIMARY KEY("subsidiary","country_code"),
	CONSTRAINT "destination_rates_positive" CHECK ("destination_rates"."credits" > 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ledger_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"sms_account_id" integer NOT NULL,
	"kind" "ledger_kind" NOT NULL,
	"amount" numeric(14, 2) NOT NULL,
	"balance_after" numeric(14, 2) NOT NULL,
	"reference" text DEFAULT '' NOT NULL,
	"actor_type" "actor_type" NOT NULL,
	"actor_user_id" integer,
	"actor_label" text NOT NULL,
	"transfer_id" uuid,
	"order_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_entries_amount_nonzero" CHECK ("ledger_entries"."amount" <> 0),
	CONSTRAINT "ledger_entries_balance_after_nonnegative" CHECK ("ledger_entries"."balance_after" >= 0)
);
--> statement-breakpoint
CREATE TABLE "login_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"expire" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "orders_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"customer_account_id" integer NOT NULL,
	"sms_account_id" integer NOT NULL,
	"kind" "order_kind" NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price" numeric(12, 5) NOT NULL,
	"amount_excl_vat_minor" bigint NOT NULL,
	"vat_minor" bigint NOT NULL,
	"total_minor" bigint NOT NULL,
	"vat_basis_points" integer NOT NULL,
	"currency" "currency" NOT NULL,
	"payment_method_id" integer,
	"status" "order_status" NOT NULL,
	"failure_reason" text,
	"idempotency_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"paid_at" timestamp with time zone,
	CONSTRAINT "orders_quantity_positive" CHECK ("orders"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "payment_methods" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "payment_methods_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"customer_account_id" integer NOT NULL,
	"type" "payment_method_type" NOT NULL,
	"status" "payment_method_status" NOT NULL,
	"masked_number" text NOT NULL,
	"holder" text NOT NULL,
	"mandate_reference" text,
	"bic" text,
	"card_expiry" text,
	"provider_reference" text NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "price_tiers" (
	"subsidiary" "subsidiary" NOT NULL,
	"min_quantity" integer NOT NULL,
	"max_quantity" integer,
	"unit_price" numeric(12, 5) NOT NULL,
	"currency" "currency" NOT NULL,
	CONSTRAINT "price_tiers_subsidiary_min_quantity_pk" PRIMARY KEY("subsidiary","min_quantity"),
	CONSTRAINT "price_tiers_range" CHECK ("price_tiers"."max_quantity" IS NULL OR "price_tiers"."max_quantity" >= "price_tiers"."min_quantity"),
	CONSTRAINT "price_tiers_price_positive" CHECK ("price_tiers"."unit_price" > 0)
);
--> statement-breakpoint
CREATE TABLE "sms_accounts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sms_accounts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"customer_account_id" integer NOT NULL,
	"service_name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" "sms_account_status" DEFAULT 'enable' NOT NULL,
	"credits_left" numeric(14, 2) DEFAULT 0 NOT NULL,
	"recredit_threshold" numeric(14, 2) DEFAULT 0 NOT NULL,
	"recredit_amount" integer,
	"recredit_consecutive_failures" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sms_accounts_service_name_unique" UNIQUE("service_name"),
	CONSTRAINT "sms_accounts_credits_left_nonnegative" CHECK ("sms_accounts"."credits_left" >= 0),
	CONSTRAINT "sms_accounts_threshold_nonnegative" CHECK ("sms_accounts"."recredit_threshold" >= 0),
	CONSTRAINT "sms_accounts_recredit_amount_allowed" CHECK ("sms_accounts"."recredit_amount" IS NULL OR "sms_accounts"."recredit_amount" IN (100, 200, 250, 500, 1000, 5000, 10000))
);
--> statement-breakpoint
CREATE TABLE "transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_account_id" integer NOT NULL,
	"source_sms_account_id" integer NOT NULL,
	"target_sms_account_id" integer NOT NULL,
	"amount" numeric(14, 2) NOT NULL,
	"reference" text DEFAULT '' NOT NULL,
	"idempotency_key" text,
	"actor_type" "actor_type" NOT NULL,
	"actor_user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transfers_amount_positive" CHECK ("transfers"."amount" > 0),
	CONSTRAINT "transfers_distinct_accounts" CHECK ("transfers"."source_sms_account_id" <> "transfers"."target_sms_account_id")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "users_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"customer_account_id" integer NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" "user_role" NOT NULL,
	"locale" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_sms_account_id_sms_accounts_id_fk" FOREIGN KEY ("sms_account_id") REFERENCES "public"."sms_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_customer_account_id_customer_accounts_id_fk" FOREIGN KEY ("customer_account_id") REFERENCES "public"."customer_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_sms_account_id_sms_accounts_id_fk" FOREIGN KEY ("sms_account_id") REFERENCES "public"."sms_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_payment_method_id_payment_methods_id_fk" FOREIGN KEY ("payment_method_id") REFERENCES "public"."payment_methods"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_methods" ADD CONSTRAINT "payment_methods_customer_account_id_customer_accounts_id_fk" FOREIGN KEY ("customer_account_id") REFERENCES "public"."customer_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_accounts" ADD CONSTRAINT "sms_accounts_customer_account_id_customer_accounts_id_fk" FOREIGN KEY ("customer_account_id") REFERENCES "public"."customer_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_customer_account_id_customer_accounts_id_fk" FOREIGN KEY ("customer_account_id") REFERENCES "public"."customer_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_source_sms_account_id_sms_accounts_id_fk" FOREIGN KEY ("source_sms_account_id") REFERENCES "public"."sms_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_target_sms_account_id_sms_accounts_id_fk" FOREIGN KEY ("target_sms_account_id") REFERENCES "public"."sms_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_customer_account_id_customer_accounts_id_fk" FOREIGN KEY ("customer_account_id") REFERENCES "public"."customer_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ledger_entries_account_id_idx" ON "ledger_entries" USING btree ("sms_account_id","id");--> statement-breakpoint
CREATE INDEX "ledger_entries_account_time_idx" ON "ledger_entries" USING btree ("sms_account_id","created_at");--> statement-breakpoint
CREATE INDEX "orders_customer_time_idx" ON "orders" USING btree ("customer_account_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_idempotency_key" ON "orders" USING btree ("customer_account_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "payment_methods_customer_idx" ON "payment_methods" USING btree ("customer_account_id");--> statement-breakpoint
CREATE INDEX "sms_accounts_customer_idx" ON "sms_accounts" USING btree ("customer_account_id","service_name");--> statement-breakpoint
CREATE UNIQUE INDEX "transfers_idempotency_key" ON "transfers" USING btree ("customer_account_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "transfers_customer_time_idx" ON "transfers" USING btree ("customer_account_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_lower_key" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "users_customer_idx" ON "users" USING btree ("customer_account_id");