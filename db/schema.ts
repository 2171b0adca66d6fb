import { sql } from "drizzle-orm";
import {
  bigint,
  jsonb,
  boolean,
  check,
  customType,
  index,
  integer,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { LedgerReferenceParams } from "@/lib/credits/ledger-references";
import { creditsToDb, credits as parseDbCredits, type Credits } from "@/lib/credits/amounts";
import { CURRENCIES, LEDGER_KINDS, RECREDIT_AMOUNTS, ROLES, SUBSIDIARIES } from "./enums";

/** numeric(14,2) in PostgreSQL, an exact bigint of hundredths in TypeScript (see lib/credits/amounts.ts). */
const credits = customType<{ data: Credits; driverData: string }>({
  dataType: () => "numeric(14, 2)",
  toDriver: (value) => creditsToDb(value),
  fromDriver: (value) => parseDbCredits(String(value)),
});

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const subsidiary = pgEnum("subsidiary", SUBSIDIARIES);
export const currency = pgEnum("currency", CURRENCIES);
export const userRole = pgEnum("user_role", ROLES);
export const smsAccountStatus = pgEnum("sms_account_status", ["enable", "disable"]);
export const ledgerKind = pgEnum("ledger_kind", LEDGER_KINDS);
export const actorType = pgEnum("actor_type", ["user", "api", "system"]);
export const paymentMethodType = pgEnum("payment_method_type", ["sepa_direct_debit", "card"]);
export const paymentMethodStatus = pgEnum("payment_method_status", [
  "pending_validation",
  "valid",
  "refused",
  "expired",
  "canceled",
  "revoked",
]);
export const recreditAttemptStatus = pgEnum("recredit_attempt_status", ["pending", "succeeded", "failed"]);
export const outgoingStatus = pgEnum("outgoing_status", ["pending", "delivered", "failed", "canceled"]);
export const callbackKind = pgEnum("callback_kind", ["delivery", "stop"]);
export const callbackStatus = pgEnum("callback_status", ["pending", "succeeded", "failed"]);
export const orderKind = pgEnum("order_kind", ["purchase", "auto_recredit"]);
export const orderStatus = pgEnum("order_status", ["pending", "paid", "failed"]);

/** A customer account (NIC handle): the billing entity and the tenant boundary. */
export const customerAccounts = pgTable("customer_accounts", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  nicHandle: text("nic_handle").notNull().unique(),
  name: text("name").notNull(),
  subsidiary: subsidiary("subsidiary").notNull(),
  /** Postal address for invoices, one line per line; null when not given. */
  billingAddress: text("billing_address"),
  /** VAT (tax) number for invoices, when known. */
  vatNumber: text("vat_number"),
  createdAt: createdAt(),
});
export type CustomerAccount = typeof customerAccounts.$inferSelect;

export const users = pgTable(
  "users",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    customerAccountId: integer("customer_account_id")
      .notNull()
      .references(() => customerAccounts.id),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: userRole("role").notNull(),
    /** Preferred language; null means the subsidiary's default. */
    locale: text("locale"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("users_email_lower_key").on(sql`lower(${t.email})`),
    index("users_customer_idx").on(t.customerAccountId),
  ],
);
export type User = typeof users.$inferSelect;

/**
 * Counters of logins and API requests, shared by every app instance (rate-limiter-flexible's Drizzle store). Rows
 * past `expire` count as absent and are deleted by lib/auth/housekeeping.ts.
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    points: integer("points").notNull().default(0),
    expire: timestamp("expire", { withTimezone: true }),
  },
  (t) => [index("rate_limits_expire_idx").on(t.expire)],
);

export const smsAccounts = pgTable(
  "sms_accounts",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    customerAccountId: integer("customer_account_id")
      .notNull()
      .references(() => customerAccounts.id),
    serviceName: text("service_name").notNull().unique(),
    description: text("description").notNull().default(""),
    status: smsAccountStatus("status").notNull().default("enable"),
    /** The stored balance; always equals the sum of the account's ledger entries. */
    creditsLeft: credits("credits_left").notNull().default(sql`0`),
    /** Automatic re-credit: threshold and amount (null = "Do not top up"). */
    recreditThreshold: credits("recredit_threshold").notNull().default(sql`0`),
    recreditAmount: integer("recredit_amount"),
    recreditConsecutiveFailures: integer("recredit_consecutive_failures").notNull().default(0),
    /** OVHcloud's callBack: the customer's URL called on each delivery report ("" = none). */
    callbackUrl: text("callback_url").notNull().default(""),
    /** OVHcloud's stopCallBack: the customer's URL called on each STOP ("" = none). */
    stopCallbackUrl: text("stop_callback_url").notNull().default(""),
    /** The key of the HMAC-SHA256 signature of those calls, shown to the customer; set with the first URL. */
    callbackSecret: text("callback_secret"),
    /** Optional monthly cap on automatic re-credits, in minor units of the customer's currency (lib/recredit/cap.ts). */
    recreditMonthlyCapMinor: bigint("recredit_monthly_cap_minor", { mode: "bigint" }),
    /** Low-balance alert: the threshold (null = off); see lib/alerts/balance-alerts.ts. */
    alertThreshold: credits("alert_threshold"),
    /**
     * True while the next crossing of the alert threshold is to be alerted: set false by the debit that crossed (its
     * transaction holds the row), true again by the posting that takes the balance back above it (lib/credits/ledger.ts).
     */
    alertArmed: boolean("alert_armed").notNull().default(true),
    /** Where the signed alert webhook is posted (null = none), and its signing secret (encrypted with AUTH_SECRET). */
    alertWebhookUrl: text("alert_webhook_url"),
    alertWebhookSecretEncrypted: text("alert_webhook_secret_encrypted"),
    createdAt: createdAt(),
  },
  (t) => [
    index("sms_accounts_customer_idx").on(t.customerAccountId, t.serviceName),
    // The SMS list sorted by balance, a page at a time, for a customer of thousands of accounts.
    index("sms_accounts_customer_balance_idx").on(t.customerAccountId, t.creditsLeft, t.serviceName),
    // Whether any account of the customer has a re-credit set (the SMS list's suspension notice): one probe, not a
    // read of every account of a customer of thousands.
    index("sms_accounts_customer_recredit_idx").on(t.customerAccountId).where(sql`${t.recreditAmount} is not null`),
    check("sms_accounts_credits_left_nonnegative", sql`${t.creditsLeft} >= 0`),
    check("sms_accounts_threshold_nonnegative", sql`${t.recreditThreshold} >= 0`),
    check("sms_accounts_alert_threshold_nonnegative", sql`${t.alertThreshold} IS NULL OR ${t.alertThreshold} >= 0`),
    check("sms_accounts_recredit_cap_positive", sql`${t.recreditMonthlyCapMinor} IS NULL OR ${t.recreditMonthlyCapMinor} > 0`),
    check(
      "sms_accounts_recredit_amount_allowed",
      sql`${t.recreditAmount} IS NULL OR ${t.recreditAmount} IN (${sql.raw(RECREDIT_AMOUNTS.join(", "))})`,
    ),
  ],
);
export type SmsAccount = typeof smsAccounts.$inferSelect;

export const paymentMethods = pgTable(
  "payment_methods",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    customerAccountId: integer("customer_account_id")
      .notNull()
      .references(() => customerAccounts.id),
    type: paymentMethodType("type").notNull(),
    status: paymentMethodStatus("status").notNull(),
    /** Only the masked number is ever stored: "GB82 •••• •••• 5432", "Visa •••• 4242". */
    maskedNumber: text("masked_number").notNull(),
    holder: text("holder").notNull(),
    mandateReference: text("mandate_reference"),
    bic: text("bic"),
    cardExpiry: text("card_expiry"),
    providerReference: text("provider_reference").notNull(),
    isDefault: boolean("is_default").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index("payment_methods_customer_idx").on(t.customerAccountId)],
);
export type PaymentMethod = typeof paymentMethods.$inferSelect;

/** Append-only: every change of a balance. Entries are never updated or deleted. */
export const ledgerEntries = pgTable(
  "ledger_entries",
  {
    id: bigint("id", { mode: "bigint" }).primaryKey().generatedAlwaysAsIdentity(),
    smsAccountId: integer("sms_account_id")
      .notNull()
      .references(() => smsAccounts.id),
    kind: ledgerKind("kind").notNull(),
    amount: credits("amount").notNull(),
    balanceAfter: credits("balance_after").notNull(),
    /** Free text written by a person (a transfer's reference, an SMS tag); never a sentence of the panel's own. */
    reference: text("reference").notNull().default(""),
    /** What the panel says of the entry, translated at display: a code of lib/credits/ledger-references.ts and its values. */
    referenceCode: text("reference_code"),
    referenceParams: jsonb("reference_params").$type<LedgerReferenceParams>(),
    actorType: actorType("actor_type").notNull(),
    actorUserId: integer("actor_user_id").references(() => users.id),
    actorLabel: text("actor_label").notNull(),
    transferId: uuid("transfer_id"),
    orderId: integer("order_id"),
    createdAt: createdAt(),
  },
  (t) => [
    index("ledger_entries_account_id_idx").on(t.smsAccountId, t.id),
    // History pages and exports (lib/credits/history.ts): newest first by (time, id), optionally by kind, each an index range.
    index("ledger_entries_account_time_idx").on(t.smsAccountId, t.createdAt, t.id),
    index("ledger_entries_account_kind_time_idx").on(t.smsAccountId, t.kind, t.createdAt, t.id),
    check("ledger_entries_amount_nonzero", sql`${t.amount} <> 0`),
    check("ledger_entries_balance_after_nonnegative", sql`${t.balanceAfter} >= 0`),
  ],
);
export type LedgerEntry = typeof ledgerEntries.$inferSelect;

export const transfers = pgTable(
  "transfers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerAccountId: integer("customer_account_id")
      .notNull()
      .references(() => customerAccounts.id),
    sourceSmsAccountId: integer("source_sms_account_id")
      .notNull()
      .references(() => smsAccounts.id),
    targetSmsAccountId: integer("target_sms_account_id")
      .notNull()
      .references(() => smsAccounts.id),
    amount: credits("amount").notNull(),
    reference: text("reference").notNull().default(""),
    actorType: actorType("actor_type").notNull(),
    actorUserId: integer("actor_user_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("transfers_customer_time_idx").on(t.customerAccountId, t.createdAt),
    check("transfers_amount_positive", sql`${t.amount} > 0`),
    check("transfers_distinct_accounts", sql`${t.sourceSmsAccountId} <> ${t.targetSmsAccountId}`),
  ],
);
export type Transfer = typeof transfers.$inferSelect;

export const orders = pgTable(
  "orders",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    customerAccountId: integer("customer_account_id")
      .notNull()
      .references(() => customerAccounts.id),
    smsAccountId: integer("sms_account_id")
      .notNull()
      .references(() => smsAccounts.id),
    kind: orderKind("kind").notNull(),
    quantity: integer("quantity").notNull(),
    /** Price of one credit excluding VAT, in the currency, exact. */
    unitPrice: numeric("unit_price", { precision: 12, scale: 5 }).notNull(),
    /** Amounts in minor units of the currency (pence, cents, grosze). */
    amountExclVatMinor: bigint("amount_excl_vat_minor", { mode: "bigint" }).notNull(),
    vatMinor: bigint("vat_minor", { mode: "bigint" }).notNull(),
    totalMinor: bigint("total_minor", { mode: "bigint" }).notNull(),
    vatBasisPoints: integer("vat_basis_points").notNull(),
    currency: currency("currency").notNull(),
    paymentMethodId: integer("payment_method_id").references(() => paymentMethods.id),
    status: orderStatus("status").notNull(),
    failureReason: text("failure_reason"),
    createdAt: createdAt(),
    paidAt: timestamp("paid_at", { withTimezone: true }),
    /** "GB-2026-000123": given when paid, in the seller's unbroken sequence of the year (lib/billing/invoices.ts). */
    invoiceNumber: text("invoice_number").unique(),
    /** Seller and customer as they were when the invoice was issued: an issued invoice never changes. */
    invoiceParties: jsonb("invoice_parties").$type<InvoiceParties>(),
  },
  (t) => [
    index("orders_customer_time_idx").on(t.customerAccountId, t.createdAt),
    index("orders_pending_idx").on(t.createdAt).where(sql`${t.status} = 'pending'`),
    check("orders_quantity_positive", sql`${t.quantity} > 0`),
  ],
);
export type Order = typeof orders.$inferSelect;

export type InvoiceParty = { name: string; address: string[]; vatNumber: string | null };
export type InvoiceParties = { seller: InvoiceParty & { registration: string | null }; customer: InvoiceParty & { nicHandle: string } };

/** The legal entity that sells in each subsidiary: the seller block of its invoices (reference data, seeded). */
export const sellers = pgTable("sellers", {
  subsidiary: subsidiary("subsidiary").primaryKey(),
  legalName: text("legal_name").notNull(),
  /** Postal address, one line per line. */
  address: text("address").notNull(),
  vatNumber: text("vat_number").notNull(),
  /** Company registration ("Company No. 01234567", "RCS Roubaix 123 456 789"), printed under the address. */
  registration: text("registration"),
  /** The start of its invoice numbers: "GB" gives "GB-2026-000123". */
  invoicePrefix: text("invoice_prefix").notNull().unique(),
});
export type Seller = typeof sellers.$inferSelect;

/**
 * The last invoice number given by each seller in a year. Incremented in the transaction that marks the order paid
 * (the row stays locked until it commits), so the numbers have no gap and no duplicate: a rolled back payment gives
 * its number back.
 */
export const invoiceCounters = pgTable(
  "invoice_counters",
  {
    subsidiary: subsidiary("subsidiary").notNull(),
    year: integer("year").notNull(),
    lastNumber: integer("last_number").notNull(),
  },
  (t) => [primaryKey({ columns: [t.subsidiary, t.year] }), check("invoice_counters_positive", sql`${t.lastNumber} > 0`)],
);

/** Degressive pack tiers: the price of one credit for quantities from `minQuantity` to `maxQuantity`. */
export const priceTiers = pgTable(
  "price_tiers",
  {
    subsidiary: subsidiary("subsidiary").notNull(),
    minQuantity: integer("min_quantity").notNull(),
    maxQuantity: integer("max_quantity"),
    unitPrice: numeric("unit_price", { precision: 12, scale: 5 }).notNull(),
    currency: currency("currency").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.subsidiary, t.minQuantity] }),
    check("price_tiers_range", sql`${t.maxQuantity} IS NULL OR ${t.maxQuantity} >= ${t.minQuantity}`),
    check("price_tiers_price_positive", sql`${t.unitPrice} > 0`),
  ],
);
export type PriceTier = typeof priceTiers.$inferSelect;

/** Credits one SMS part costs to a destination country, for customers of a subsidiary. */
export const destinationRates = pgTable(
  "destination_rates",
  {
    subsidiary: subsidiary("subsidiary").notNull(),
    countryCode: text("country_code").notNull(),
    credits: credits("credits").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.subsidiary, t.countryCode] }),
    check("destination_rates_positive", sql`${t.credits} > 0`),
  ],
);
export type DestinationRate = typeof destinationRates.$inferSelect;

/** Every automatic re-credit attempt, succeeded or failed (with its reason), for Home and the history. */
export const recreditAttempts = pgTable(
  "recredit_attempts",
  {
    id: bigint("id", { mode: "bigint" }).primaryKey().generatedAlwaysAsIdentity(),
    smsAccountId: integer("sms_account_id")
      .notNull()
      .references(() => smsAccounts.id),
    status: recreditAttemptStatus("status").notNull(),
    amount: integer("amount").notNull(),
    /** Why it failed: no_valid_mandate, account_too_young, payment_declined, ... */
    reason: text("reason"),
    /** True when this failure switched the option off (the third in a row). */
    switchedOff: boolean("switched_off").notNull().default(false),
    orderId: integer("order_id").references(() => orders.id),
    /** The debit (ledger entry) whose transaction decided this re-credit; null when saving the settings fired it. */
    triggerEntryId: bigint("trigger_entry_id", { mode: "bigint" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("recredit_attempts_account_idx").on(t.smsAccountId, t.id),
    // One re-credit per triggering debit, at most: enforced by the database, whatever the code does.
    uniqueIndex("recredit_attempts_trigger_entry_key").on(t.triggerEntryId),
  ],
);
export type RecreditAttempt = typeof recreditAttempts.$inferSelect;

/** Who changed the automatic re-credit settings, when, and to what. */
export const recreditSettingChanges = pgTable(
  "recredit_setting_changes",
  {
    id: bigint("id", { mode: "bigint" }).primaryKey().generatedAlwaysAsIdentity(),
    smsAccountId: integer("sms_account_id")
      .notNull()
      .references(() => smsAccounts.id),
    threshold: credits("threshold").notNull(),
    amount: integer("amount"),
    /** The monthly spending cap set with it, in minor units (null: none). */
    monthlyCapMinor: bigint("monthly_cap_minor", { mode: "bigint" }),
    actorType: actorType("actor_type").notNull(),
    actorUserId: integer("actor_user_id").references(() => users.id),
    actorLabel: text("actor_label").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("recredit_setting_changes_account_idx").on(t.smsAccountId, t.id)],
);

/** The users of the customer who receive an SMS account's low-balance alerts by e-mail. */
export const balanceAlertRecipients = pgTable(
  "balance_alert_recipients",
  {
    smsAccountId: integer("sms_account_id")
      .notNull()
      .references(() => smsAccounts.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.smsAccountId, t.userId] })],
);

export const alertDeliveryStatus = pgEnum("alert_delivery_status", ["pending", "sent", "failed", "skipped"]);

/**
 * Every low-balance alert decided (one per crossing of the threshold), with how its e-mail and its webhook went.
 * Written in the transaction of the debit that crossed, with the job that delivers it.
 */
export const balanceAlerts = pgTable(
  "balance_alerts",
  {
    id: bigint("id", { mode: "bigint" }).primaryKey().generatedAlwaysAsIdentity(),
    smsAccountId: integer("sms_account_id")
      .notNull()
      .references(() => smsAccounts.id),
    threshold: credits("threshold").notNull(),
    balance: credits("balance").notNull(),
    /** The debit that crossed; null when saving the settings found the balance already at or below. */
    triggerEntryId: bigint("trigger_entry_id", { mode: "bigint" }),
    emailStatus: alertDeliveryStatus("email_status").notNull(),
    /** The addresses it was sent to (or is to be sent to), as they were when decided. */
    emailRecipients: jsonb("email_recipients").$type<Array<{ email: string; locale: string; sent?: boolean }>>().notNull(),
    webhookStatus: alertDeliveryStatus("webhook_status").notNull(),
    webhookUrl: text("webhook_url"),
    /** The HTTP status of the webhook's last answer (null: no answer). */
    webhookResponseCode: integer("webhook_response_code"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    /** When its delivery ended (sent, failed or skipped, each part). */
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("balance_alerts_account_idx").on(t.smsAccountId, t.id),
    // One alert per crossing debit, at most: enforced by the database, whatever the code does.
    uniqueIndex("balance_alerts_trigger_entry_key").on(t.triggerEntryId),
  ],
);
export type BalanceAlert = typeof balanceAlerts.$inferSelect;

/** Outgoing SMS, one row per recipient, with the carrier's delivery state. */
export const outgoingSms = pgTable(
  "outgoing_sms",
  {
    id: bigint("id", { mode: "bigint" }).primaryKey().generatedAlwaysAsIdentity(),
    smsAccountId: integer("sms_account_id")
      .notNull()
      .references(() => smsAccounts.id),
    receiver: text("receiver").notNull(),
    sender: text("sender").notNull(),
    message: text("message").notNull(),
    encoding: text("encoding").notNull(),
    parts: integer("parts").notNull(),
    credits: credits("credits").notNull(),
    status: outgoingStatus("status").notNull().default("pending"),
    /** OVHcloud's delivery code: 0 delivered, 10 not enough credit, 53 blacklisted, 254 pending, 801 expired. */
    ptt: integer("ptt").notNull().default(254),
    tag: text("tag").notNull().default(""),
    ledgerEntryId: bigint("ledger_entry_id", { mode: "bigint" }),
    /** While a worker hands the message to the carrier: others leave it alone until then (a crashed worker's claim lapses). */
    handoffClaimedUntil: timestamp("handoff_claimed_until", { withTimezone: true }),
    /** The adjustment that gave the credits back when the message ended undelivered for a reason not the recipient's. */
    refundEntryId: bigint("refund_entry_id", { mode: "bigint" }),
    /** A scheduled send (the API's differedPeriod): not handed to the carrier before this time. */
    deliverAfter: timestamp("deliver_after", { withTimezone: true }),
    /** OVHcloud's job options, as the client asked: class (flash, phoneDisplay, sim, toolkit), priority, validity in minutes. */
    smsClass: text("sms_class").notNull().default("phoneDisplay"),
    priority: text("priority").notNull().default("high"),
    validityPeriod: integer("validity_period").notNull().default(2880),
    createdAt: createdAt(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  },
  (t) => [
    index("outgoing_sms_account_idx").on(t.smsAccountId, t.id),
    index("outgoing_sms_pending_idx").on(t.createdAt).where(sql`${t.status} = 'pending'`),
  ],
);
export type OutgoingSms = typeof outgoingSms.$inferSelect;

/**
 * Calls of the customer's callBack / stopCallBack URLs, one row per event, written in the transaction that records the
 * delivery report; the callback job makes the call, with retries, and writes what the URL answered.
 */
export const callbackCalls = pgTable(
  "callback_calls",
  {
    id: bigint("id", { mode: "bigint" }).primaryKey().generatedAlwaysAsIdentity(),
    smsAccountId: integer("sms_account_id")
      .notNull()
      .references(() => smsAccounts.id),
    kind: callbackKind("kind").notNull(),
    outgoingSmsId: bigint("outgoing_sms_id", { mode: "bigint" }).references(() => outgoingSms.id),
    /** The URL as set when the event happened, and the query parameters sent (OVHcloud's names). */
    url: text("url").notNull(),
    params: jsonb("params").$type<Record<string, string>>().notNull(),
    status: callbackStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** The HTTP status of the last answer (null: no answer: refused address, timeout, network error). */
    lastHttpStatus: integer("last_http_status"),
    /** The start of the last answer's body, or why there was none. */
    lastAnswer: text("last_answer"),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("callback_calls_account_idx").on(t.smsAccountId, t.id)],
);
export type CallbackCall = typeof callbackCalls.$inferSelect;

export const apiCredentialStatus = pgEnum("api_credential_status", ["pendingValidation", "validated", "refused", "expired", "revoked"]);

/** API applications (OVHcloud "application key / secret"). The secret is stored encrypted: signatures need it. */
export const apiApplications = pgTable(
  "api_applications",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    customerAccountId: integer("customer_account_id")
      .notNull()
      .references(() => customerAccounts.id),
    createdByUserId: integer("created_by_user_id")
      .notNull()
      .references(() => users.id),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    applicationKey: text("application_key").notNull().unique(),
    secretEncrypted: text("secret_encrypted").notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("api_applications_customer_idx").on(t.customerAccountId)],
);
export type ApiApplication = typeof apiApplications.$inferSelect;

/** Consumer keys: requested by an application, granted (or refused) by a signed-in user, with access rules. */
export const apiCredentials = pgTable(
  "api_credentials",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    applicationId: integer("application_id")
      .notNull()
      .references(() => apiApplications.id),
    consumerKey: text("consumer_key").notNull().unique(),
    validationToken: text("validation_token").notNull().unique(),
    status: apiCredentialStatus("status").notNull().default("pendingValidation"),
    /** The user who granted it: the credential acts with their tenant and role. */
    userId: integer("user_id").references(() => users.id),
    rules: jsonb("rules").$type<Array<{ method: string; path: string }>>().notNull(),
    redirection: text("redirection"),
    allowedIps: jsonb("allowed_ips").$type<string[] | null>(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    lastUseAt: timestamp("last_use_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("api_credentials_application_idx").on(t.applicationId), index("api_credentials_user_idx").on(t.userId)],
);
export type ApiCredential = typeof apiCredentials.$inferSelect;

/**
 * Idempotency keys of every operation that moves credits or money (transfers, purchases, sends, re-credit settings),
 * from the panel (a form's token) and the API (Idempotency-Key, or the request's signature). The key is claimed in
 * the operation's own transaction and its result recorded there: a crash leaves both or neither, so a retry gets the
 * recorded result or runs once.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    /** Whose key: "customer:12" for the panel, "api:34" for a consumer key. */
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    /** The operation and its input, normalised: the same key with another request is a conflict. */
    fingerprint: text("fingerprint").notNull(),
    result: jsonb("result").$type<unknown>(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index("idempotency_keys_created_idx").on(t.createdAt)],
);

/**
 * The sandbox payment provider's own record of charges, as a real provider keeps them: one charge per idempotency
 * key, whatever the number of calls, so a settlement retried after a crash asks for the charge and never charges twice.
 */
export const sandboxCharges = pgTable("sandbox_charges", {
  idempotencyKey: text("idempotency_key").primaryKey(),
  amountMinor: bigint("amount_minor", { mode: "bigint" }).notNull(),
  currency: currency("currency").notNull(),
  outcome: text("outcome").notNull(),
  providerReference: text("provider_reference").notNull(),
  createdAt: createdAt(),
});

/**
 * Server-side sessions: the session cookie carries only a random id, whose SHA-256 is `id` here. A session is valid
 * while not revoked, before `expires_at` (absolute lifetime) and while used recently (idle timeout, lib/auth/sessions.ts).
 */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    userAgent: text("user_agent"),
    ipAddress: text("ip_address"),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expires_idx").on(t.expiresAt)],
);
export type Session = typeof sessions.$inferSelect;

/** A user's time-based one-time password (RFC 6238): the secret encrypted with AUTH_SECRET; on once confirmed. */
export const userTotp = pgTable("user_totp", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  secretEncrypted: text("secret_encrypted").notNull(),
  /** Null while being set up (the first code not yet confirmed). */
  enabledAt: timestamp("enabled_at", { withTimezone: true }),
  /** The last time step accepted: a code is never accepted twice. */
  lastUsedStep: bigint("last_used_step", { mode: "number" }),
  createdAt: createdAt(),
});
export type UserTotp = typeof userTotp.$inferSelect;

/** One-time recovery codes of the second factor, stored as SHA-256 hashes; each works once. */
export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("recovery_codes_user_code_key").on(t.userId, t.codeHash)],
);
