/**
 * The durable job queue's queues (pg-boss on the panel's own PostgreSQL: the queue lives in the same database, so a
 * job is enqueued in the same transaction as the change that needs it). Each handler is idempotent: it re-reads its
 * rows and does nothing when the work is already done, so a job retried after a crash never acts twice.
 */
export const QUEUES = {
  /** Charge a pending order (a purchase or an automatic re-credit) with the provider, then settle it. */
  settleOrder: "settle-order",
  /** Hand queued SMS to the carrier, record the delivery reports, refund what the carrier could not deliver. */
  handoffSms: "handoff-sms",
  /** Call the customer's callBack / stopCallBack URL for one delivery report or STOP (lib/sms/callbacks.ts). */
  callback: "callback",
  /** Deliver a low-balance alert: its e-mails and its signed webhook (lib/alerts/delivery.ts). */
  balanceAlert: "balance-alert",
  /** Sweeps: expired idempotency keys and rate-limit rows, and any pending work that lost its job. */
  housekeeping: "housekeeping",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/**
 * Short jobs: an active job whose worker died (kill -9) or whose outcome was lost with its connection expires after
 * `expireInSeconds` and is retried every `retryDelay` seconds, up to `retryLimit` times. No exponential backoff:
 * pg-boss 10 doubles the delay at each retry without a ceiling, so a job that failed a few times while the database
 * failed over waited a minute or more once everything was back; a job's work is a few queries, and a fixed delay
 * keeps it at most `retryDelay` seconds behind a recovery. Work whose job ran out of retries is found again by the
 * housekeeping sweep (lib/jobs/handlers.ts).
 */
export const QUEUE_OPTIONS: Record<QueueName, { retryLimit: number; retryDelay: number; retryBackoff: boolean; expireInSeconds: number }> = {
  "settle-order": { retryLimit: 60, retryDelay: 2, retryBackoff: false, expireInSeconds: 20 },
  "handoff-sms": { retryLimit: 60, retryDelay: 2, retryBackoff: false, expireInSeconds: 20 },
  // Up to 8 calls, 5 s then doubling (about 10 minutes in all); a batch of slow URLs may take minutes before it expires.
  callback: { retryLimit: 8, retryDelay: 5, retryBackoff: true, expireInSeconds: 300 },
  "balance-alert": { retryLimit: 8, retryDelay: 5, retryBackoff: true, expireInSeconds: 60 },
  housekeeping: { retryLimit: 2, retryDelay: 10, retryBackoff: false, expireInSeconds: 60 },
};

/**
 * The fast path runs a job's work right after the commit in the request that made it; the queued job is the
 * guarantee, scheduled this many seconds later, and finds the work done unless the request died on the way.
 */
export const SAFETY_NET_DELAY_SECONDS = 8;
