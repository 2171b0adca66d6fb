import { sql } from "drizzle-orm";
import { openDatabase, type DatabaseHandle } from "@/db/client";
import { paymentMethods } from "@/db/schema";
import { findApplication, requestCredential } from "@/lib/api/credentials";
import { ledgerViolations } from "@/lib/credits/invariants";

/**
 * What the attack reads from the database to judge the answers it got: a fingerprint of every user-visible state
 * (did a refused request change anything?), the ledger invariants, work left pending, and where each operation a
 * client sent ended up.
 */
export class Checks {
  private constructor(private readonly handle: DatabaseHandle) {}

  static async open(url: string) {
    return new Checks(await openDatabase({ url, poolSize: 3 }));
  }

  close() {
    return this.handle.close();
  }

  async rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
    const result = (await this.handle.db.execute(query)) as unknown as { rows: T[] };
    return result.rows;
  }

  /** One hash of the state a request could change: balances, entries, transfers, orders, methods, keys, sends, users. */
  async fingerprint(): Promise<string> {
    const [row] = await this.rows<{ f: string }>(sql`
      select md5(concat_ws('|',
        (select count(*) from ledger_entries),
        (select count(*) from transfers),
        (select string_agg(id || ':' || status, ',' order by id) from orders),
        (select string_agg(service_name || ':' || md5(description) || ':' || status || ':' || credits_left || ':' ||
                           coalesce(recredit_amount::text, '-') || ':' || recredit_threshold, ',' order by id) from sms_accounts),
        (select string_agg(id || ':' || status || ':' || is_default, ',' order by id) from payment_methods),
        (select count(*) from api_applications),
        (select string_agg(id || ':' || status, ',' order by id) from api_credentials),
        (select count(*) from outgoing_sms),
        (select string_agg(id || ':' || coalesce(locale, '-') || ':' || role || ':' || md5(password_hash), ',' order by id) from users)
      )) as f`);
    return row!.f;
  }

  invariants(): Promise<string[]> {
    return ledgerViolations(this.handle.db);
  }

  /** Orders still pending, and SMS debited but still pending (never handed to the carrier nor refunded). */
  async pendingWork(): Promise<{ orders: number; sms: number }> {
    const [row] = await this.rows<{ orders: string; sms: string }>(sql`
      select (select count(*) from orders where status = 'pending') as orders,
             (select count(*) from outgoing_sms where status = 'pending') as sms`);
    return { orders: Number(row!.orders), sms: Number(row!.sms) };
  }

  /** How many transfers carry this reference. */
  async transfersWithReference(reference: string): Promise<number> {
    const [row] = await this.rows<{ n: string }>(sql`select count(*) as n from transfers where reference = ${reference}`);
    return Number(row!.n);
  }

  /**
   * Where each operation of the load ended: transfers by reference, SMS by message text, purchases by idempotency
   * key (the panel's token or the API's Idempotency-Key, whichever the domain stored), as counts per operation id.
   */
  async operationCounts(): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    const add = (rows: Array<{ op: string; n: string }>) => {
      for (const r of rows) counts.set(r.op, (counts.get(r.op) ?? 0) + Number(r.n));
    };
    add(await this.rows(sql`select substring(reference from 'op-[a-z0-9-]+') as op, count(*) as n from transfers where reference like '%op-%' group by 1`));
    add(await this.rows(sql`select substring(message from 'op-[a-z0-9-]+') as op, count(*) as n from outgoing_sms where message like '%op-%' group by 1`));
    // Purchases: the idempotency key (the panel's token, the API's Idempotency-Key) records the order it placed.
    add(await this.rows(sql`select substring(i.key from 'op-[a-z0-9-]+') as op, count(distinct o.id) as n
      from idempotency_keys i join orders o on o.id = (i.result->>'orderId')::int
      where i.key like '%op-%' group by 1`));
    return counts;
  }

  /** Purchases of the load that reached the ledger (an order paid) — a paid order must have its entry. */
  async paidOrdersWithoutEntry(): Promise<number> {
    const [row] = await this.rows<{ n: string }>(sql`
      select count(*) as n from orders o where o.status = 'paid'
        and not exists (select 1 from ledger_entries l where l.order_id = o.id)`);
    return Number(row!.n);
  }

  /** A new pending consumer key of an application (for the grant and revoke actions). */
  async freshCredential(applicationKey: string): Promise<{ id: number; token: string }> {
    const application = await findApplication(this.handle.db, applicationKey);
    if (!application) throw new Error("no such application");
    const credential = await requestCredential(this.handle.db, { application, rules: [{ method: "GET", path: "/sms" }] });
    return { id: credential.id, token: credential.validationToken };
  }

  /** A new valid card of a customer (for the revoke and set-default actions). */
  async freshPaymentMethod(customerAccountId: number): Promise<number> {
    const [row] = await this.handle.db
      .insert(paymentMethods)
      .values({ customerAccountId, type: "card", status: "valid", maskedNumber: "Visa •••• 4242", holder: "fresh", providerReference: "sandbox_card_ok_fresh", isDefault: false, cardExpiry: "12/30" })
      .returning();
    return row!.id;
  }

  async anyOrderOf(customerAccountId: number): Promise<number> {
    const [row] = await this.rows<{ id: number }>(sql`select id from orders where customer_account_id = ${customerAccountId} order by id limit 1`);
    return row?.id ?? 1;
  }
}
