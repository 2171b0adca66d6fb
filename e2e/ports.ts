import { test } from "@playwright/test";

/**
 * Ports of the servers a journey starts itself (TLS fronts, a second app), four per worker so journeys running at
 * once in other workers never share one: E2E_PORT + 10 + 4 × the worker's slot + n (n = 0 to 3).
 */
export function workerPort(n: 0 | 1 | 2 | 3): number {
  return Number(process.env.E2E_PORT ?? 3211) + 10 + 4 * test.info().parallelIndex + n;
}
