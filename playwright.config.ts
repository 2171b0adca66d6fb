import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

/**
 * Two servers of the same build (scripts/e2e-server.mjs): the main one on a fresh PostgreSQL database of this run,
 * shared with the test process, where every journey seeds a customer of its own (e2e/fixtures.ts) and runs in
 * parallel; and one on the embedded PGlite database with the demo data, for the journey that walks the demo through
 * the login form (e2e/foundation.spec.ts). Ports: E2E_PORT (main), +1 (embedded), +10… (TLS fronts of the
 * ovh-client and proxy journeys, three per worker: e2e/ports.ts).
 */
const port = Number(process.env.E2E_PORT ?? 3211);
export const baseURL = `http://localhost:${port}`;
export const embeddedURL = `http://localhost:${port + 1}`;

// One database per run, named here once (the workers load this file again and inherit the variable).
process.env.E2E_DATABASE_URL ??= (() => {
  const url = new URL(process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres");
  url.pathname = `/${process.env.E2E_DB_PREFIX ?? "smspanel_e2e"}_${Date.now().toString(36)}_${process.pid}`;
  return url.toString();
})();
// The server signs session cookies with it, the fixtures sign the ones they set with it too.
process.env.AUTH_SECRET ??= "e2e-secret-e2e-secret-e2e-secret-e2e-secret";

// Debian's Chromium when present (Playwright cannot download browsers here), Playwright's own elsewhere.
const systemChromium = "/usr/bin/chromium";
const launchOptions = {
  ...(existsSync(systemChromium) ? { executablePath: systemChromium } : {}),
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: true,
  // Two on a 2-core machine; E2E_WORKERS=4 (or a percentage, "50%") where there are more.
  workers: process.env.E2E_WORKERS ?? 2,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  // Two workers and two servers share the CPU: a journey may take twice as long as alone.
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.PLAYWRIGHT_JSON
    ? [["list"], ["json", { outputFile: process.env.PLAYWRIGHT_JSON }]]
    : [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions,
  },
  // The two long chains first (workers take tests in this order), so they do not end the run alone.
  projects: [
    // Behind nginx: a server of its own (e2e/proxy.spec.ts), the longest to start.
    { name: "proxy", testMatch: /proxy\.spec\.ts/, use: { ...devices["Desktop Chrome"], launchOptions } },
    // The demo on the embedded database, signed in through the login form; its tests share the demo users.
    { name: "embedded", testMatch: /foundation\.spec\.ts/, fullyParallel: false, use: { ...devices["Desktop Chrome"], launchOptions, baseURL: embeddedURL } },
    { name: "chromium", testIgnore: /(foundation|proxy)\.spec\.ts/, use: { ...devices["Desktop Chrome"], launchOptions } },
  ],
  webServer: {
    command: "node scripts/e2e-server.mjs",
    // Printed once both servers answer.
    wait: { stdout: /e2e servers ready/ },
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    // SIGTERM lets the script stop both servers and drop the run's database.
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
  },
});
