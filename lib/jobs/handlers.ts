import type { Db } from "@/db/client";
import { deliverBalanceAlert } from "../alerts/delivery";
import { deleteExpiredKeys } from "../idempotency";
import { settleOrder, stalePendingOrders } from "../billing/order-settlement";
import { performCallback } from "../sms/callbacks";
import { handOffSms, stalePendingSms } from "../sms/send";
import { enqueue } from "./enqueue";
import { QUEUES, type QueueName } from "./queues";

/**
 * What each queue's job does. Every handler is idempotent: it re-reads the rows and does only what is left, so a job
 * retried after a crash, or racing the request's own fast path, never acts twice. A handler that finds work it could
 * not finish throws: the queue retries it with backoff.
 */
export class Unfinished extends Error {}

/** Pending work older than this is settled by the housekeeping sweep even if its job was lost. */
const STALE_SECONDS = 45;

export const handlers: Record<QueueName, (db: Db, data: Record<string, unknown>) => Promise<void>> = {
  async "settle-order"(db, data) {
    const orderId = Number(data.orderId);
    if (!Number.isSafeInteger(orderId)) return;
    const settled = await settleOrder(db, orderId);
    if (settled?.order.status === "pending") throw new Unfinished(`order ${orderId} still pending`);
  },
  async "handoff-sms"(db, data) {
    const ids = Array.isArray(data.ids) ? data.ids.map(String).filter((id) => /^\d{1,18}$/.test(id)) : [];
    const { pending } = await handOffSms(db, ids);
    if (pending > 0) throw new Unfinished(`${pending} SMS still pending`);
  },
  async callback(db, data) {
    const callId = String(data.callId ?? "");
    if (!/^\d{1,18}$/.test(callId)) return;
    if ((await performCallback(db, BigInt(callId))) === "retry") throw new Unfinished(`callback ${callId} not answered yet`);
  },
  async "balance-alert"(db, data) {
    const id = String(data.alertId ?? "");
    if (!/^\d{1,18}$/.test(id)) return;
    const alert = await deliverBalanceAlert(db, BigInt(id));
    if (alert && (alert.emailStatus === "pending" || alert.webhookStatus === "pending")) throw new Unfinished(`alert ${id} not delivered yet`);
  },
  async housekeeping(db) {
    await deleteExpiredKeys(db);
    for (const orderId of await stalePendingOrders(db, STALE_SECONDS)) {
      await enqueue(db, QUEUES.settleOrder, { orderId }, { startAfterSeconds: 0, singletonKey: `order-${orderId}` });
    }
    const sms = await stalePendingSms(db, STALE_SECONDS);
    if (sms.length > 0) await enqueue(db, QUEUES.handoffSms, { ids: sms }, { startAfterSeconds: 0, singletonKey: "stale-sms" });
  },
};
