#!/usr/bin/env node
// The servers Playwright tests against (playwright.config.ts), both the production build:
// - on E2E_PORT, on a brand-new PostgreSQL database (E2E_DATABASE_URL: created, migrated and given the reference data
//   here, dropped when this script is stopped), which the journeys seed with customers of their own;
// - on E2E_PORT + 1, on a brand-new embedded PGlite database with the demo data (seeded on start).
// Prints "e2e servers ready" once both answer.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";

const port = Number(process.env.E2E_PORT ?? 3211);
const databaseUrl = process.env.E2E_DATABASE_URL;
if (!databaseUrl) {
  console.error("E2E_DATABASE_URL is required (playwright.config.ts sets it)");
  process.exit(1);
}
const dir = ".data/e2e-pglite";
const base = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  AUTH_SECRET: process.env.AUTH_SECRET ?? "e2e-secret-e2e-secret-e2e-secret-e2e-secret",
  // The TLS front of e2e/ovh-client.spec.ts connects from 127.0.0.1 and sets X-Forwarded-Proto/-Host.
  TRUST_PROXY: process.env.TRUST_PROXY ?? "127.0.0.1",
  // e2e/callbacks.spec.ts serves the callBack URL itself, on 127.0.0.1.
  CALLBACK_ALLOW_PRIVATE: process.env.CALLBACK_ALLOW_PRIVATE ?? "1",
  // Alert e-mails go to the SMTP server e2e/alerts.spec.ts runs in the Playwright process (smtp-server).
  SMTP_URL: `smtp://127.0.0.1:${process.env.E2E_SMTP_PORT ?? port + 2}`,
};
if (!existsSync(".next/BUILD_ID")) {
  const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit", env: base });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const children = [];
let stopping = false;
function start(env) {
  const child = spawn(process.execPath, ["server.mjs"], { stdio: "inherit", env: { ...base, ...env } });
  children.push(child);
  child.on("exit", (code) => {
    if (!stopping) stop(code || 1);
  });
}

async function database(action) {
  const result = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "e2e/seed.ts", action], { stdio: "inherit", env: { ...base, DATABASE_URL: databaseUrl } });
  return result.status ?? 1;
}

async function stop(code) {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    children.map((child) =>
      child.exitCode !== null || child.signalCode !== null ? null : new Promise((resolve) => {
        child.once("exit", resolve);
        child.kill("SIGTERM");
      }),
    ),
  );
  await database("drop");
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => stop(0));

// The embedded server first: it migrates and seeds its own database while the PostgreSQL one is prepared.
rmSync(dir, { recursive: true, force: true });
start({ PORT: String(port + 1), PGLITE_DIR: dir, DATABASE_URL: "", SEED_DEMO: "1" });
if ((await database("create")) !== 0) await stop(1);
start({ PORT: String(port), DATABASE_URL: databaseUrl });

async function answers(url) {
  try {
    return (await fetch(url)).status === 200;
  } catch {
    return false;
  }
}
for (const url of [`http://localhost:${port}/login`, `http://localhost:${port + 1}/login`]) {
  while (!(await answers(url))) await new Promise((r) => setTimeout(r, 200));
}
console.log("e2e servers ready");
