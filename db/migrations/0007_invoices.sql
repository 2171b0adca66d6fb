CREATE TABLE "invoice_counters" (
	"subsidiary" "subsidiary" NOT NULL,
	"year" integer NOT NULL,
	"last_number" integer NOT NULL,
	CONSTRAINT "invoice_counters_subsidiary_year_pk" PRIMARY KEY("subsidiary","year"),
	CONSTRAINT "invoice_counters_positive" CHECK ("invoice_counters"."last_number" > 0)
);
--> statement-breakpoint
CREATE TABLE "sellers" (
	"subsidiary" "subsidiary" PRIMARY KEY NOT NULL,
	"legal_name" text NOT NULL,
	"address" text NOT NULL,
	"vat_number" text NOT NULL,
	"registration" text,
	"invoice_prefix" text NOT NULL,
	CONSTRAINT "sellers_invoice_prefix_unique" UNIQUE("invoice_prefix")
);
--> statement-breakpoint
ALTER TABLE "customer_accounts" ADD COLUMN "billing_address" text;--> statement-breakpoint
ALTER TABLE "customer_accounts" ADD COLUMN "vat_number" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "invoice_number" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "invoice_parties" jsonb;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_invoice_number_unique" UNIQUE("invoice_number");