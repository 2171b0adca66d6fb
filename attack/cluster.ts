import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { request } from "./http";

/**
 * What the attack runs against: a fresh PostgreSQL database, two app instances on it and an nginx TLS reverse proxy
 * in front. Every child runs in its own process group, so a kill reaches whatever it spawned; `killAllNow()` is
 * synchronous and is also called from the process's exit handlers, so nothing outlives the script.
 */
export const SERVER_URL = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
export const AUTH_SECRET = `attack-${randomBytes(24).toString("hex")}`;

const children = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/**
 * What must be undone however the run ends (stop the children, drop the database, remove the temporary folder),
 * newest first. Registered as soon as each thing exists, so an interruption at any moment still cleans up.
 */
const cleanups: Array<() => Promise<void> | void> = [];
export function onCleanup(fn: () => Promise<void> | void) {
  cleanups.push(fn);
}
export async function cleanUp() {
  while (cleanups.length) {
    const fn = cleanups.pop()!;
    try {
      await fn();
    } catch (error) {
      console.error("clean-up step failed:", error);
    }
  }
}

export function killAllNow() {
  for (const child of children) killGroup(child, "SIGKILL");
  children.clear();
}

function spawnGroup(command: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const out = openSync(logFile, "a");
  const child = spawn(command, args, { detached: true, stdio: ["ignore", out, out], env });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

const waitExit = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once("exit", () => r()));

/** Builds when there is no production build or a source file is newer than it. */
export function ensureBuild(log: (line: string) => void) {
  const buildId = ".next/BUILD_ID";
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const newer = (dir: string): boolean =>
    existsSync(dir) &&
    readdirSync(dir, { withFileTypes: true }).some((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? e.name !== "node_modules" && newer(p) : statSync(p).mtimeMs > builtAt;
    });
  const stale = builtAt === 0 || ["app", "lib", "components", "db", "messages", "i18n"].some(newer) || ["auth.ts", "auth.config.ts", "proxy.ts", "next.config.js", "instrumentation.ts"].some((f) => existsSync(f) && statSync(f).mtimeMs > builtAt);
  if (!stale) return;
  log("building (next build)…");
  const result = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) throw new Error("next build failed");
}

export type Database = { url: string; name: string; drop: () => Promise<void> };

export async function createDatabase(): Promise<Database> {
  const name = `smspanel_attack_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: SERVER_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * The command that starts one app instance. A custom server entry (trusted proxies) is preferred when the project
 * has one; otherwise `next start`, run by node directly so the PID is the server's.
 */
export function launchCommand(port: number): { command: string; args: string[]; env: Record<string, string> } {
  for (const entry of ["server.mjs", "scripts/server.mjs"]) {
    if (existsSync(entry)) return { command: process.execPath, args: [entry], env: { PORT: String(port), HOSTNAME: "127.0.0.1" } };
  }
  return { command: process.execPath, args: ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], env: { PORT: String(port) } };
}

export class Instance {
  child: ChildProcess | null = null;
  starts = 0;
  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly logDir: string,
  ) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(timeoutMs = 90_000) {
    const launch = launchCommand(this.port);
    this.child = spawnGroup(
      launch.command,
      launch.args,
      { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...this.env, ...launch.env },
      path.join(this.logDir, `${this.name}.log`),
    );
    this.starts++;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`${this.name} exited during start-up (see ${this.logDir}/${this.name}.log)`);
      const res = await request({ url: `${this.url}/login`, timeoutMs: 5000 });
      if (res.status > 0 && res.status < 500) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${this.name} did not answer within ${timeoutMs} ms`);
  }

  /** kill -9 of the instance's whole process group: no cleanup, no graceful shutdown. */
  async kill9() {
    if (!this.child) return;
    const child = this.child;
    killGroup(child, "SIGKILL");
    await waitExit(child);
    this.child = null;
  }

  async stop() {
    if (!this.child) return;
    const child = this.child;
    killGroup(child, "SIGTERM");
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), 5000);
    await waitExit(child);
    clearTimeout(timer);
    this.child = null;
  }
}

/** nginx in front of the instances: TLS with a self-signed certificate, both instances as upstreams. */
export class Proxy {
  child: ChildProcess | null = null;
  constructor(
    readonly port: number,
    private readonly upstreams: number[],
    private readonly dir: string,
  ) {}

  get origin() {
    return `https://127.0.0.1:${this.port}`;
  }

  async start() {
    const prefix = path.join(this.dir, "nginx");
    for (const d of ["logs", "temp/body", "temp/proxy", "temp/fastcgi", "temp/uwsgi", "temp/scgi"]) mkdirSync(path.join(prefix, d), { recursive: true });
    const key = path.join(prefix, "key.pem");
    const cert = path.join(prefix, "cert.pem");
    const made = spawnSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=panel.attack.test", "-addext", "subjectAltName=DNS:panel.attack.test,IP:127.0.0.1", "-keyout", key, "-out", cert], { stdio: "ignore" });
    if (made.status !== 0) throw new Error("openssl could not make a certificate");
    const conf = path.join(prefix, "nginx.conf");
    writeFileSync(
      conf,
      `${process.getuid?.() === 0 ? "user root;\n" : ""}worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${prefix}/temp/body;
  proxy_temp_path ${prefix}/temp/proxy;
  fastcgi_temp_path ${prefix}/temp/fastcgi;
  uwsgi_temp_path ${prefix}/temp/uwsgi;
  scgi_temp_path ${prefix}/temp/scgi;
  # The app decides about large bodies: the proxy lets up to 16 MB through.
  client_max_body_size 16m;
  client_body_buffer_size 4m;
  upstream panel {
${this.upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=0;`).join("\n")}
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${this.port} ssl;
    ssl_certificate ${cert};
    ssl_certificate_key ${key};
    location / {
      proxy_pass http://panel;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_bind 127.0.0.1;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_set_header X-Forwarded-Proto https;
      proxy_set_header X-Forwarded-Port ${this.port};
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Real-IP $remote_addr;
      proxy_read_timeout 60s;
      proxy_connect_timeout 2s;
      proxy_next_upstream error timeout;
      add_header X-Attack-Upstream $upstream_addr always;
    }
  }
}
`,
    );
    this.child = spawnGroup("/usr/sbin/nginx", ["-p", prefix, "-c", conf, "-g", "daemon off;"], process.env, path.join(prefix, "logs", "stdout.log"));
    for (let i = 0; i < 100; i++) {
      if (this.child.exitCode !== null) throw new Error(`nginx exited (see ${prefix}/logs/error.log)`);
      try {
        await new Promise<void>((resolve, reject) => {
          const s = connect(this.port, "127.0.0.1", () => (s.end(), resolve()));
          s.on("error", reject);
        });
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error("nginx did not start");
  }

  async stop() {
    if (!this.child) return;
    const child = this.child;
    killGroup(child, "SIGTERM");
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), 3000);
    await waitExit(child);
    clearTimeout(timer);
    this.child = null;
  }
}

export function makeTempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), "smspanel-attack-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
