#!/usr/bin/env node
// The server Playwright tests against: the production build on a brand-new embedded database (demo data seeded
// on start), in its own folder so it never shares PGlite files with a dev server.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";

const port = process.env.E2E_PORT ?? "3211";
const dir = ".data/e2e-pglite";
const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  PGLITE_DIR: dir,
  DATABASE_URL: "",
  AUTH_SECRET: process.env.AUTH_SECRET ?? "e2e-secret-e2e-secret-e2e-secret-e2e-secret",
  // The TLS front of e2e/ovh-client.spec.ts connects from 127.0.0.1 and sets X-Forwarded-Proto/-Host.
  TRUST_PROXY: process.env.TRUST_PROXY ?? "127.0.0.1",
  // Alert e-mails go to the SMTP server e2e/alerts.spec.ts runs in the Playwright process (smtp-server).
  SMTP_URL: `smtp://127.0.0.1:${process.env.E2E_SMTP_PORT ?? "3212"}`,
};
if (!existsSync(".next/BUILD_ID")) {
  const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit", env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
rmSync(dir, { recursive: true, force: true });
const seed = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "e2e/seed.ts"], { stdio: "inherit", env });
if (seed.status !== 0) process.exit(seed.status ?? 1);
const server = spawn(process.execPath, ["server.mjs"], { stdio: "inherit", env: { ...env, PORT: port } });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
