// @ts-check
import { logger } from "./logger.mjs";

/**
 * Graceful shutdown of an HTTP server: on SIGTERM (or SIGINT) the instance
 *   1. says it is draining (/readyz answers 503, so a load balancer's check takes it out),
 *   2. stops accepting connections and closes idle keep-alive ones,
 *   3. lets every request in flight finish (answering them with `Connection: close`),
 *   4. runs `onDrain`, then the hooks registered with `onShutdown` (workers, then the database pool),
 *   5. exits 0 — or 1 after `timeoutMs` if something would not finish.
 * A second signal while draining is ignored: the timeout is the bound.
 */

const KEY = "__smsPanelDraining";
const g = /** @type {Record<string, boolean | undefined>} */ (/** @type {unknown} */ (globalThis));

const HOOKS = "__smsPanelShutdownHooks";
/** @returns {Array<{ name: string; run: () => Promise<void> | void }>} */
function hooks() {
  const h = /** @type {Record<string, Array<{ name: string; run: () => Promise<void> | void }> | undefined>} */ (/** @type {unknown} */ (globalThis));
  return (h[HOOKS] ??= []);
}

/**
 * Registers something to close once the requests in flight have finished: the database pool (instrumentation.ts),
 * a worker (stop taking jobs, finish the current one). Hooks run last-registered first, so what started first (the
 * pool) closes last.
 * @param {string} name
 * @param {() => Promise<void> | void} run
 */
export function onShutdown(name, run) {
  hooks().push({ name, run });
}

/** Whether this process has begun its shutdown (readiness answers 503 from then on). */
export function isDraining() {
  return g[KEY] === true;
}

/**
 * @param {import("node:http").Server} server
 * @param {{
 *   onDrain?: () => Promise<void> | void;
 *   timeoutMs?: number;
 *   signals?: NodeJS.Signals[];
 *   exit?: (code: number) => void;
 * }} [options]
 * @returns {{ shutdown: (reason?: string) => Promise<void>; inFlight: () => number }}
 */
export function installGracefulShutdown(server, options = {}) {
  const { onDrain, timeoutMs = 25_000, signals = ["SIGTERM", "SIGINT"], exit = (code) => process.exit(code) } = options;
  const log = logger().child({ component: "shutdown" });
  let inFlight = 0;
  /** @type {(() => void) | undefined} */
  let idle;
  /** @type {Promise<void> | undefined} */
  let running;

  server.on("request", (_req, res) => {
    inFlight++;
    if (isDraining() && !res.headersSent) res.setHeader("connection", "close");
    res.once("close", () => {
      inFlight--;
      if (isDraining()) {
        server.closeIdleConnections();
        if (inFlight === 0) idle?.();
      }
    });
  });

  /** @param {string} [reason] */
  function shutdown(reason = "shutdown") {
    running ??= (async () => {
      g[KEY] = true;
      const started = Date.now();
      log.info({ reason, inFlight }, "draining: no new connections, finishing requests in flight");
      const timer = setTimeout(() => {
        log.error({ inFlight, afterMs: Date.now() - started }, "drain timed out: exiting with requests unfinished");
        server.closeAllConnections();
        exit(1);
      }, timeoutMs);
      timer.unref();
      const closed = new Promise((resolve) => server.close(() => resolve(undefined)));
      server.closeIdleConnections();
      if (inFlight > 0) await new Promise((resolve) => (idle = () => resolve(undefined)));
      log.info({ afterMs: Date.now() - started }, "requests in flight finished");
      for (const hook of [{ name: "onDrain", run: onDrain ?? (() => {}) }, ...hooks().slice().reverse()]) {
        try {
          await hook.run();
        } catch (error) {
          log.error({ err: error, hook: hook.name }, "error while draining");
        }
      }
      server.closeAllConnections();
      await closed;
      clearTimeout(timer);
      log.info({ afterMs: Date.now() - started }, "drained: exiting");
      exit(0);
    })();
    return running;
  }

  for (const signal of signals) process.once(signal, () => void shutdown(signal));
  return { shutdown, inFlight: () => inFlight };
}
