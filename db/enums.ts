/**
 * The closed lists of the domain, each defined once. The schema builds its enums and CHECK constraints from them
 * and lib/ derives its types from them, so a value added here reaches the database (through a generated
 * migration), the validation and the forms together. A leaf module: no imports, safe in client components.
 */
export const SUBSIDIARIES = ["FR", "GB", "IE", "ES", "IT", "PL"] as const;
export const CURRENCIES = ["EUR", "GBP", "PLN"] as const;
export const ROLES = ["admin", "billing", "viewer"] as const;
export const LEDGER_KINDS = [
  "purchase",
  "auto_recredit",
  "transfer_out",
  "transfer_in",
  "sms_consumption",
  "adjustment",
] as const;
/** The credit packs an automatic re-credit may add (OVHcloud's list). */
export const RECREDIT_AMOUNTS = [100, 200, 250, 500, 1000, 5000, 10000] as const;
