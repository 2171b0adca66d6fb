import "server-only";
import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { priceTiers } from "@/db/schema";
import { quotePrice, type Quote, type Tier } from "./pricing";
import { SUBSIDIARY_INFO, type Subsidiary } from "./subsidiaries";

/** The price tiers of a subsidiary, from the database (prices are data, not constants). */
export async function listTiers(db: DbOrTx, subsidiary: Subsidiary): Promise<Tier[]> {
  const rows = await db
    .select()
    .from(priceTiers)
    .where(eq(priceTiers.subsidiary, subsidiary))
    .orderBy(asc(priceTiers.minQuantity));
  return rows.map((r) => ({ minQuantity: r.minQuantity, maxQuantity: r.maxQuantity, unitPrice: r.unitPrice, currency: r.currency }));
}

export async function quoteForSubsidiary(db: DbOrTx, subsidiary: Subsidiary, quantity: number): Promise<Quote | null> {
  return quotePrice(await listTiers(db, subsidiary), quantity, SUBSIDIARY_INFO[subsidiary].vatBasisPoints);
}
