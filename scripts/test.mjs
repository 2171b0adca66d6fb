#!/usr/bin/env node
// npm test — every test: unit and integration (PGlite and a real PostgreSQL server) with Vitest, then a production
// build and the Playwright journeys in Chromium. Ends with one summary line: "tests: N passed, N failed, N skipped".
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);
const reports = path.join(".data", "test-reports");
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

const began = Date.now();
const minutes = (ms) => `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;

function run(label, cmd, args, extraEnv = {}) {
  console.log(`\n━━ ${label} ━━`);
  const started = Date.now();
  const res = spawnSync(cmd, args, { stdio: "inherit", env: { ...env, ...extraEnv } });
  console.log(`━━ ${label}: ${minutes(Date.now() - started)}`);
  return res.status ?? 1;
}

// A browser for the journeys: Debian's Chromium (installed if we are root and it is missing), else Playwright's.
if (!existsSync("/usr/bin/chromium")) {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (isRoot && existsSync("/usr/bin/apt-get")) {
    run("Installing Chromium (apt-get)", "sh", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium"]);
  } else {
    run("Installing Playwright's Chromium", process.execPath, ["node_modules/@playwright/test/cli.js", "install", "chromium"]);
  }
}

// nginx for the journey behind a TLS reverse proxy (e2e/proxy.spec.ts); the package's own daemon is stopped again.
if (!existsSync("/usr/sbin/nginx") && typeof process.getuid === "function" && process.getuid() === 0 && existsSync("/usr/bin/apt-get")) {
  run("Installing nginx (apt-get)", "sh", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light; /usr/sbin/nginx -s quit 2>/dev/null; true"]);
}

const vitestJson = path.join(reports, "vitest.json");
const playwrightJson = path.join(reports, "playwright.json");
const statuses = [];
statuses.push(
  run("Unit and integration tests (Vitest)", process.execPath, [
    "node_modules/vitest/vitest.mjs",
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${vitestJson}`,
  ]),
);
const attackJson = path.join(reports, "attack.json");
const build = run("Production build for the journeys (next build)", process.execPath, ["node_modules/next/dist/bin/next", "build"]);
statuses.push(build);
if (build === 0) {
  statuses.push(
    run("Journeys in Chromium (Playwright)", process.execPath, ["node_modules/@playwright/test/cli.js", "test"], {
      PLAYWRIGHT_JSON: playwrightJson,
    }),
  );
  // The attack, short: two instances behind a TLS proxy on a fresh PostgreSQL database, attacked and crashed.
  // Each column of its table (5xx, hangs, leaks, stuck keys, pending work, invariants...) counts as one check.
  statuses.push(
    run("The attack, short (npm run attack -- --short)", process.execPath, ["--import", "tsx", "attack/run.ts", "--short"], {
      ATTACK_JSON: attackJson,
    }),
  );
}

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(vitestJson)) {
  const v = JSON.parse(readFileSync(vitestJson, "utf8"));
  passed += v.numPassedTests ?? 0;
  failed += v.numFailedTests ?? 0;
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
} else {
  failed += 1;
}
if (existsSync(playwrightJson)) {
  const p = JSON.parse(readFileSync(playwrightJson, "utf8")).stats ?? {};
  passed += (p.expected ?? 0) + (p.flaky ?? 0);
  failed += p.unexpected ?? 0;
  skipped += p.skipped ?? 0;
} else {
  failed += 1;
}
if (existsSync(attackJson)) {
  const a = JSON.parse(readFileSync(attackJson, "utf8"));
  for (const [column, value] of Object.entries(a.totals ?? {})) {
    if (column === "requests") continue;
    if (value === 0) passed += 1;
    else failed += 1;
  }
  failed += (a.crashed ?? []).length;
} else if (build === 0) {
  failed += 1;
}
const ok = statuses.every((s) => s === 0) && failed === 0;
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped (${minutes(Date.now() - began)} in all)`);
process.exit(ok ? 0 : 1);
