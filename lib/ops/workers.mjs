// @ts-check
/**
 * The workers of this process report here, so /readyz can say whether they run. A worker calls
 * `const w = registerWorker("jobs", { heartbeatMs: 5000 })`, then `w.beat()` at least every heartbeatMs while it is
 * healthy (after each poll of the queue, say), and `w.stop()` when it stops on purpose. A worker that misses two
 * heartbeats counts as stalled.
 */

/** @typedef {{ name: string; heartbeatMs: number; lastBeat: number; stopped: boolean; startedAt: number }} WorkerState */

const KEY = "__smsPanelWorkers";
/** @returns {Map<string, WorkerState>} */
function registry() {
  const g = /** @type {Record<string, Map<string, WorkerState> | undefined>} */ (/** @type {unknown} */ (globalThis));
  return (g[KEY] ??= new Map());
}

/**
 * @param {string} name
 * @param {{ heartbeatMs?: number }} [options]
 */
export function registerWorker(name, options = {}) {
  const now = Date.now();
  /** @type {WorkerState} */
  const state = { name, heartbeatMs: options.heartbeatMs ?? 5000, lastBeat: now, stopped: false, startedAt: now };
  registry().set(name, state);
  return {
    beat() {
      state.lastBeat = Date.now();
    },
    stop() {
      state.stopped = true;
    },
  };
}

/** @typedef {{ name: string; running: boolean; lastBeatAgeMs: number }} WorkerStatus */

/** @param {number} [now] @returns {WorkerStatus[]} */
export function workerStatus(now = Date.now()) {
  return [...registry().values()].map((w) => ({
    name: w.name,
    running: !w.stopped && now - w.lastBeat <= 2 * w.heartbeatMs,
    lastBeatAgeMs: now - w.lastBeat,
  }));
}

/** For tests: forget every worker. */
export function resetWorkers() {
  registry().clear();
}
