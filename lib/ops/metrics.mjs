// @ts-check
import client from "prom-client";

/**
 * The Prometheus metrics of one instance: prom-client's default process metrics plus the panel's own. One registry
 * per process, kept on globalThis: Next evaluates modules several times in one process, and the custom server
 * (plain Node.js) and the route handlers (bundled by Next) must fill and read the same registry.
 *
 * Probes (queue depth and age, database pool) are functions registered by whoever owns the thing measured; they
 * are read at scrape time, so a scrape never sees a stale figure and nothing polls in between.
 */

/** @typedef {{ depth: number; oldestAgeSeconds: number }} QueueProbeResult */
/** @typedef {{ total: number; idle: number; waiting: number; max?: number }} PoolProbeResult */

function create() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  /** @type {{ queue?: () => Promise<QueueProbeResult> | QueueProbeResult; pool?: () => PoolProbeResult }} */
  const probes = {};

  const httpDuration = new client.Histogram({
    name: "http_request_duration_seconds",
    help: "Time from the request's arrival to the end of its response, per route template",
    labelNames: ["method", "route", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const ledgerPostings = new client.Counter({
    name: "ledger_postings_total",
    help: "Ledger entries posted by this instance, by kind",
    labelNames: ["kind"],
    registers: [registry],
  });
  const transfers = new client.Counter({
    name: "transfers_total",
    help: "Transfer requests by outcome (ok, replayed, or the refusal's code)",
    labelNames: ["outcome", "via"],
    registers: [registry],
  });
  const sends = new client.Counter({
    name: "sms_sends_total",
    help: "SMS send requests by outcome (ok or the refusal's code)",
    labelNames: ["outcome", "via"],
    registers: [registry],
  });
  const purchases = new client.Counter({
    name: "credit_purchases_total",
    help: "Credit purchases by outcome (ok, replayed, or the refusal's code)",
    labelNames: ["outcome", "via"],
    registers: [registry],
  });
  const recredits = new client.Counter({
    name: "recredits_total",
    help: "Automatic re-credits decided or attempted, by outcome",
    labelNames: ["outcome"],
    registers: [registry],
  });
  // One probe call per scrape serves both queue gauges (prom-client collects them concurrently).
  /** @type {{ at: number; value: Promise<QueueProbeResult | null> } | undefined} */
  let queueRead;
  const readQueue = () => {
    const probe = probes.queue;
    if (!probe) return Promise.resolve(null);
    if (!queueRead || Date.now() - queueRead.at > 1000) {
      // A scrape during a database failover must still answer: the gauges keep their last values.
      queueRead = { at: Date.now(), value: Promise.resolve().then(probe).catch(() => null) };
    }
    return queueRead.value;
  };
  new client.Gauge({
    name: "job_queue_depth",
    help: "Jobs waiting to run (reported by the job queue's probe; absent without one)",
    registers: [registry],
    async collect() {
      const q = await readQueue();
      if (q) this.set(q.depth);
    },
  });
  new client.Gauge({
    name: "job_queue_oldest_age_seconds",
    help: "Age in seconds of the oldest waiting job (reported by the job queue's probe)",
    registers: [registry],
    async collect() {
      const q = await readQueue();
      if (q) this.set(q.oldestAgeSeconds);
    },
  });
  /** @param {string} name @param {string} help @param {keyof PoolProbeResult} field */
  const poolGauge = (name, help, field) =>
    new client.Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const value = probes.pool?.()[field];
        if (value !== undefined) this.set(value);
      },
    });
  poolGauge("db_pool_connections", "Connections the database pool holds (busy and idle)", "total");
  poolGauge("db_pool_idle_connections", "Idle connections in the database pool", "idle");
  poolGauge("db_pool_waiting_requests", "Queries waiting for a connection of the pool", "waiting");
  poolGauge("db_pool_max_connections", "Size limit of the database pool", "max");

  return { registry, probes, httpDuration, ledgerPostings, transfers, sends, purchases, recredits };
}

const KEY = "__smsPanelMetrics";
/** @returns {ReturnType<typeof create>} */
export function metrics() {
  const g = /** @type {Record<string, ReturnType<typeof create> | undefined>} */ (/** @type {unknown} */ (globalThis));
  return (g[KEY] ??= create());
}

/**
 * The outcome label of a domain result: `ok`, `replayed`, or the refusal's code. Accepts the shapes the domain
 * functions return ({ ok: true, replayed? } | { ok: false, code }).
 * @param {{ ok: boolean; code?: string; replayed?: boolean }} result
 */
export function outcomeOf(result) {
  if (result.ok) return result.replayed ? "replayed" : "ok";
  return result.code ?? "refused";
}

/**
 * One line at a call site: `countOutcome("transfers", "api", result)`.
 * @param {"transfers" | "sends" | "purchases"} what
 * @param {"api" | "panel"} via
 * @param {{ ok: boolean; code?: string; replayed?: boolean }} result
 */
export function countOutcome(what, via, result) {
  metrics()[what].inc({ outcome: outcomeOf(result), via });
}

/** @param {Iterable<{ kind: string }>} entries */
export function countLedgerPostings(entries) {
  const counter = metrics().ledgerPostings;
  for (const entry of entries) counter.inc({ kind: entry.kind });
}

/** @param {string} outcome e.g. "decided", "paid", or a failure reason */
export function countRecredit(outcome) {
  metrics().recredits.inc({ outcome });
}

/**
 * The job queue calls this once at start: `setQueueProbe(async () => ({ depth, oldestAgeSeconds }))`.
 * @param {() => Promise<QueueProbeResult> | QueueProbeResult} probe
 */
export function setQueueProbe(probe) {
  metrics().probes.queue = probe;
}

/** @param {() => PoolProbeResult} probe */
export function setPoolProbe(probe) {
  metrics().probes.pool = probe;
}

/** The text exposition of every metric, and its content type. */
export async function scrape() {
  const { registry } = metrics();
  return { body: await registry.metrics(), contentType: registry.contentType };
}
