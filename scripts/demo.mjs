#!/usr/bin/env node
// npm run demo — the whole quick start on a fresh clone: installs dependencies (if needed), builds, starts the panel
// on the embedded database (demo data is created on first start) and prints the URL and the demo logins.
// Plain Node with no dependencies, so it runs before `npm ci`.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const began = Date.now();
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);
const port = Number(process.env.PORT ?? 3000);
// The demo logins are public: listen on this machine only unless HOST says otherwise.
const host = process.env.HOST || "127.0.0.1";
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function run(cmd, args, extraEnv = {}) {
  const res = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...extraEnv } });
  if (res.status !== 0) process.exit(res.status ?? 1);
}

const installed = "node_modules/.package-lock.json";
if (!existsSync(installed) || statSync("package-lock.json").mtimeMs > statSync(installed).mtimeMs) {
  console.log("› Installing dependencies (npm ci)…");
  run(npm, ["ci", "--no-audit", "--no-fund"]);
}

mkdirSync(".data", { recursive: true });
const secretFile = path.join(".data", "auth-secret");
if (!process.env.AUTH_SECRET && !existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString("base64url"), { mode: 0o600 });
const env = {
  NEXT_TELEMETRY_DISABLED: "1",
  AUTH_SECRET: process.env.AUTH_SECRET || readFileSync(secretFile, "utf8").trim(),
  PGLITE_DIR: process.env.PGLITE_DIR || path.join(".data", "pglite"),
};

console.log("› Building the panel (next build)…");
run(process.execPath, ["node_modules/next/dist/bin/next", "build"], env);

console.log(`› Starting on http://localhost:${port} …`);
const started = Date.now();
const server = spawn(process.execPath, ["server.mjs"], {
  stdio: ["ignore", "inherit", "inherit"],
  env: { ...process.env, ...env, PORT: String(port), HOST: host },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));

for (;;) {
  await new Promise((r) => setTimeout(r, 500));
  try {
    const res = await fetch(`http://${host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host}:${port}/login`);
    if (res.ok) break;
  } catch {
    // not up yet
  }
}
const line = "─".repeat(64);
console.log(`
${line}
  SMS credits panel ready:  http://localhost:${port}
  (server started in ${((Date.now() - started) / 1000).toFixed(1)} s; ${((Date.now() - began) / 1000).toFixed(0)} s in all, install and build included)
  Database: embedded PGlite in ${env.PGLITE_DIR}${process.env.DATABASE_URL ? " (DATABASE_URL is set: using that server)" : ""}

  Demo logins (password: demo-password)
    admin@demo.test       admin     ab12345-ovh (United Kingdom, GBP)
    billing@demo.test     billing   ab12345-ovh
    viewer@demo.test      viewer    ab12345-ovh
    fr-admin@demo.test    admin     cd67890-ovh (France, EUR)

  Stop with Ctrl+C.
${line}
`);
