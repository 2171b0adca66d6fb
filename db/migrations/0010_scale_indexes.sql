DROP INDEX "ledger_entries_account_time_idx";--> statement-breakpoint
CREATE INDEX "ledger_entries_account_kind_time_idx" ON "ledger_entries" USING btree ("sms_account_id","kind","created_at","id");--> statement-breakpoint
CREATE INDEX "sms_accounts_customer_balance_idx" ON "sms_accounts" USING btree ("customer_account_id","credits_left","service_name");--> statement-breakpoint
CREATE INDEX "ledger_entries_account_time_idx" ON "ledger_entries" USING btree ("sms_account_id","created_at","id");