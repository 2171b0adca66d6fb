// @ts-check
import pino from "pino";

/**
 * One JSON logger per process (pino, to stdout: the service manager or the container collects it). Every line
 * carries the instance's name; lines of a request carry its request id (`reqId`), the same id the response gives
 * back in `X-Request-Id` (pages) or `X-OVH-QueryId` (the API).
 *
 * LOG_LEVEL sets the level (default info; "silent" for tests). INSTANCE_NAME names the instance (default the pid).
 */
function create() {
  return pino({
    level: process.env.LOG_LEVEL || "info",
    base: { instance: process.env.INSTANCE_NAME || `pid-${process.pid}` },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}

const KEY = "__smsPanelLogger";
/** @returns {import("pino").Logger} */
export function logger() {
  const g = /** @type {Record<string, import("pino").Logger | undefined>} */ (/** @type {unknown} */ (globalThis));
  return (g[KEY] ??= create());
}

export { requestIdFrom } from "./request-id.mjs";
