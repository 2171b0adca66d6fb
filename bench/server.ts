import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";

/**
 * Starts the production build (server.mjs) on a fresh embedded database, or on DATABASE_URL when given.
 * BENCH_NODE_ARGS adds Node options to the server, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it.
 */
export type Server = { url: string; pid: number; startedInMs: number; stop: () => Promise<void>; proc: ChildProcess };

export async function startServer(options: { port: number; pgliteDir?: string; databaseUrl?: string; env?: Record<string, string> }): Promise<Server> {
  const dir = options.pgliteDir ?? `.data/bench-pglite-${options.port}`;
  if (!options.databaseUrl) rmSync(dir, { recursive: true, force: true });
  const started = Date.now();
  const proc = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean), "server.mjs"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      PGLITE_DIR: dir,
      DATABASE_URL: options.databaseUrl ?? "",
      AUTH_SECRET: "bench-secret-bench-secret-bench-secret-bench",
      PORT: String(options.port),
      ...options.env,
    },
  });
  const url = `http://localhost:${options.port}`;
  for (;;) {
    if (proc.exitCode !== null) throw new Error("the server exited during start-up");
    try {
      if ((await fetch(`${url}/login`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    pid: proc.pid!,
    proc,
    startedInMs: Date.now() - started,
    stop: async () => {
      proc.kill("SIGTERM");
      await new Promise((r) => proc.once("exit", r));
    },
  };
}

export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round((kb / 1024) * 10) / 10;
}

/**
 * CPU time the process has used, in ms (user + system, from /proc). Per request it is steadier than requests per
 * second on a VM whose host takes CPU away at times (steal counts in the elapsed time, not in the process's CPU).
 */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms (USER_HZ = 100 on Linux)
}

/** Logs in through the real login form's action (next-auth credentials) and returns the session cookie. */
export async function sessionCookie(url: string, email: string, password = "demo-password"): Promise<string> {
  const csrfRes = await fetch(`${url}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookie = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const res = await fetch(`${url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ email, password, csrfToken }),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith("authjs.session-token="));
  if (!session) throw new Error(`login failed for ${email}`);
  return session.split(";")[0]!;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export type Load = { rps: number; p50: number; p99: number; requests: number };

/**
 * GETs `url` for `seconds` with `connections` in flight (each a keep-alive connection of fetch's pool); every answer
 * must have `status`. Returns requests per second and latency percentiles (ms).
 */
export async function loadFor(url: string, init: RequestInit, seconds: number, connections: number, status = 200): Promise<Load> {
  const latencies: number[] = [];
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        const res = await fetch(url, { ...init, redirect: "manual" });
        await res.arrayBuffer();
        if (res.status !== status) throw new Error(`${url} answered ${res.status} during the load (expected ${status})`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    rps: Math.round(latencies.length / elapsed),
    p50: +percentile(latencies, 50).toFixed(2),
    p99: +percentile(latencies, 99).toFixed(2),
    requests: latencies.length,
  };
}

/** Fires `total` GETs with `concurrency` in flight; returns requests per second and latency percentiles (ms). */
export async function load(url: string, init: RequestInit, total: number, concurrency: number) {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++;
        const t0 = performance.now();
        const res = await fetch(url, init);
        await res.arrayBuffer();
        if (!res.ok) failures++;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    rps: Math.round(total / seconds),
    p50: +percentile(latencies, 50).toFixed(2),
    p99: +percentile(latencies, 99).toFixed(2),
    failures,
  };
}
