ALTER TABLE "outgoing_sms" ADD COLUMN "deliver_after" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outgoing_sms" ADD COLUMN "sms_class" text DEFAULT 'phoneDisplay' NOT NULL;--> statement-breakpoint
ALTER TABLE "outgoing_sms" ADD COLUMN "priority" text DEFAULT 'high' NOT NULL;--> statement-breakpoint
ALTER TABLE "outgoing_sms" ADD COLUMN "validity_period" integer DEFAULT 2880 NOT NULL;