CREATE TYPE "public"."api_credential_status" AS ENUM('pendingValidation', 'validated', 'refused', 'expired', 'revoked');--> statement-breakpoint
CREATE TABLE "api_applications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "api_applications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"customer_account_id" integer NOT NULL,
	"created_by_user_id" integer NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"application_key" text NOT NULL,
	"secret_encrypted" text NOT NULL,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_applications_application_key_unique" UNIQUE("application_key")
);
--> statement-breakpoint
CREATE TABLE "api_credentials" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "api_credentials_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"application_id" integer NOT NULL,
	"consumer_key" text NOT NULL,
	"validation_token" text NOT NULL,
	"status" "api_credential_status" DEFAULT 'pendingValidation' NOT NULL,
	"user_id" integer,
	"rules" jsonb NOT NULL,
	"redirection" text,
	"allowed_ips" jsonb,
	"expires_at" timestamp with time zone,
	"last_use_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_credentials_consumer_key_unique" UNIQUE("consumer_key"),
	CONSTRAINT "api_credentials_validation_token_unique" UNIQUE("validation_token")
);
--> statement-breakpoint
CREATE TABLE "api_idempotency" (
	"credential_id" integer NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status" integer NOT NULL,
	"body" text NOT NULL,
	"headers" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_idempotency_credential_id_key_pk" PRIMARY KEY("credential_id","key")
);
--> statement-breakpoint
ALTER TABLE "api_applications" ADD CONSTRAINT "api_applications_customer_account_id_customer_accounts_id_fk" FOREIGN KEY ("customer_account_id") REFERENCES "public"."customer_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_applications" ADD CONSTRAINT "api_applications_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_credentials" ADD CONSTRAINT "api_credentials_application_id_api_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."api_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_credentials" ADD CONSTRAINT "api_credentials_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_idempotency" ADD CONSTRAINT "api_idempotency_credential_id_api_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."api_credentials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_applications_customer_idx" ON "api_applications" USING btree ("customer_account_id");--> statement-breakpoint
CREATE INDEX "api_credentials_application_idx" ON "api_credentials" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "api_credentials_user_idx" ON "api_credentials" USING btree ("user_id");