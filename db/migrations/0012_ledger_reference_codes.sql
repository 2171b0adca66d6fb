ALTER TABLE "ledger_entries" ADD COLUMN "reference_code" text;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD COLUMN "reference_params" jsonb;--> statement-breakpoint
-- Existing entries: the panel's own sentences become codes (translated at display); a person's text stays in
-- "reference". This is the one rewrite of history the append-only trigger lets through: same amounts, same
-- balances, only the words move to a code. The trigger is back on before the migration's transaction commits.
ALTER TABLE "ledger_entries" DISABLE TRIGGER "ledger_entries_no_update";--> statement-breakpoint
UPDATE "ledger_entries" SET "reference_code" = 'order',
  "reference_params" = jsonb_build_object('id', substring("reference" from '^Order #([0-9]+)$')::int), "reference" = ''
  WHERE "reference" ~ '^Order #[0-9]+$';--> statement-breakpoint
UPDATE "ledger_entries" SET "reference_code" = 'opening_balance', "reference_params" = '{}'::jsonb, "reference" = ''
  WHERE "reference" IN ('Opening balance', 'Solde d’ouverture');--> statement-breakpoint
UPDATE "ledger_entries" SET "reference_code" = 'sms',
  "reference_params" = jsonb_build_object('count', substring("reference" from '^([0-9]+) SMS')::int),
  "reference" = coalesce(substring("reference" from '^[0-9]+ SMS · (.*)$'), '')
  WHERE "kind" = 'sms_consumption' AND "reference" ~ '^[0-9]+ SMS( · .*)?$';--> statement-breakpoint
UPDATE "ledger_entries" SET "reference_code" = 'sms_refund',
  "reference_params" = jsonb_build_object(
    'id', substring("reference" from '^Refund: SMS ([0-9]+) '),
    'receiver', substring("reference" from ' to (\S+) undelivered'),
    'ptt', substring("reference" from '\(ptt ([0-9]+)\)$')::int),
  "reference" = ''
  WHERE "reference" ~ '^Refund: SMS [0-9]+ to \S+ undelivered \(ptt [0-9]+\)$';--> statement-breakpoint
ALTER TABLE "ledger_entries" ENABLE TRIGGER "ledger_entries_no_update";
