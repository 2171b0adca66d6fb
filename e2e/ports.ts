import { test } from "@playwright/test";

/**
 * Ports of the servers a journey starts itself (TLS fronts, a second app), three per worker so journeys running at
 * once in other workers never share one: E2E_PORT + 10 + 3 × the worker's slot + n (n = 0, 1 or 2).
 */
export function workerPort(n: 0 | 1 | 2): number {
  return Number(process.env.E2E_PORT ?? 3211) + 10 + 3 * test.info().parallelIndex + n;
}
