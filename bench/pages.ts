import { existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import { seedDemo, seedReferenceData } from "@/db/seed";
import { withBenchDatabase } from "./database";
import { peerTargets } from "./peer";
import { cpuMs, loadFor, rssMiB, sessionCookie, startServer, type Load } from "./server";

/**
 * Page figures (issue 12), all measured in one run on this machine so that ratios, not absolute numbers, count:
 * - every page of the demo customer on a PostgreSQL server, 10 connections, ROUNDS interleaved rounds of SECONDS
 *   each (the pages take turns within a round, so a busy neighbour on the machine slows all of them alike);
 * - against the shell page (the panel's layout around a not-found card: session check, nav, no data) and, when
 *   BENCH_PEER is set, against the peer starter's signed-in dashboard and sign-in page (bench/peer.ts);
 * - the server's CPU per request beside requests per second (steadier on a VM whose host takes CPU away at times);
 * - the HTML of Home and its inline script, server memory at idle and after the load (PostgreSQL), and after the
 *   demo's first pages on the embedded database;
 * - the JavaScript each route loads on first visit.
 */
const SECONDS = Number(process.env.BENCH_PAGE_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 10;
const BASE_PORT = Number(process.env.BENCH_PORT ?? 3290);
const HOME = "/telecom/sms/sms-ab12345-1";
const SHELL = "/telecom/sms/sms-does-not-exist";

const PAGES: Array<{ name: string; path: string; signedOut?: boolean; status?: number }> = [
  { name: "static file (robots.txt)", path: "/robots.txt", signedOut: true },
  { name: "login page, signed out", path: "/login", signedOut: true },
  { name: "shell (panel, unknown account: 404)", path: SHELL, status: 404 },
  { name: "Home of an SMS account", path: HOME },
  { name: "SMS accounts list", path: "/telecom/sms" },
  { name: "Transfer", path: `${HOME}/transfer` },
  { name: "History", path: `${HOME}/history` },
  { name: "Send", path: `${HOME}/send` },
  { name: "Buy", path: `${HOME}/buy` },
  { name: "Re-credit option", path: `${HOME}/options/recredit` },
  { name: "Rates", path: "/telecom/sms/rates" },
  { name: "Orders", path: "/billing/orders" },
  { name: "Payment methods", path: "/billing/payment-methods" },
  { name: "Security", path: "/account/security" },
];

const kib = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const mark = (ok: boolean) => (ok ? "met" : "NOT met");

/** Median of the rounds' figures. */
function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function benchPages(report: (line: string) => void) {
  await withBenchDatabase(async (url, open) => {
    const setup = await open(2);
    await seedReferenceData(setup.db);
    await seedDemo(setup.db);
    await setup.close();

    const peer = await peerTargets(report);
    const server = await startServer({ port: BASE_PORT, databaseUrl: url });
    try {
      const cookie = await sessionCookie(server.url, "admin@demo.test");
      for (const page of PAGES) {
        const res = await fetch(`${server.url}${page.path}`, { headers: page.signedOut ? {} : { cookie } });
        await res.arrayBuffer();
        if (res.status !== (page.status ?? 200)) throw new Error(`${page.path} answered ${res.status}`);
      }
      report(`server memory (RSS) idle, after one visit of each page: ${rssMiB(server.pid)} MiB (target ≤ 150: ${mark(rssMiB(server.pid) <= 150)})`);

      // Home's weight as the browser gets it (uncompressed), and how much of it is inline script.
      const html = await (await fetch(`${server.url}${HOME}`, { headers: { cookie, "accept-encoding": "identity" } })).text();
      const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].reduce((n, m) => n + Buffer.byteLength(m[1]!), 0);
      const htmlBytes = Buffer.byteLength(html);
      report(`HTML of Home: ${kib(htmlBytes)}, of which ${kib(inline)} inline script (target ≤ 30 KB: ${mark(htmlBytes <= 30 * 1024)})`);

      // Interleaved rounds: each page (and the peer's) in turn, SECONDS each, CONNECTIONS in flight.
      type Target = { name: string; url: string; init: RequestInit; status: number; pid?: number };
      const targets: Target[] = [
        ...PAGES.map((page) => ({ name: page.name, url: `${server.url}${page.path}`, init: page.signedOut ? {} : { headers: { cookie } }, status: page.status ?? 200, pid: server.pid })),
        ...peer.map((p) => ({ name: p.name, url: p.url, init: p.init, status: 200, pid: p.pid })),
      ];
      for (const t of targets) await loadFor(t.url, t.init, 1, 2, t.status); // warm-up
      // Each run's requests per second and the server's CPU per request (ms).
      const results = new Map<string, Array<Load & { cpu: number }>>(targets.map((t) => [t.name, []]));
      for (let round = 0; round < ROUNDS; round++) {
        for (const t of targets) {
          const before = t.pid ? cpuMs(t.pid) : 0;
          const run = await loadFor(t.url, t.init, SECONDS, CONNECTIONS, t.status);
          results.get(t.name)!.push({ ...run, cpu: t.pid ? (cpuMs(t.pid) - before) / run.requests : Number.NaN });
        }
      }
      const rps = (name: string) => median(results.get(name)!.map((r) => r.rps));
      const p50 = (name: string) => median(results.get(name)!.map((r) => r.p50));
      const cpu = (name: string) => median(results.get(name)!.map((r) => r.cpu));
      const shell = rps(PAGES[2]!.name);
      const peerDashboard = peer.find((p) => p.role === "dashboard")?.name;
      const peerLogin = peer.find((p) => p.role === "login")?.name;
      report(`${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${SECONDS} s; median of the rounds (req/s per round in brackets)`);
      report(`${"page".padEnd(38)} ${"req/s".padStart(6)} ${"p50 ms".padStart(7)}  ${"× shell".padStart(7)} ${"CPU ms/req".padStart(10)} ${peerDashboard ? "× peer dashboard" : ""}`);
      for (const t of targets) {
        const r = rps(t.name);
        const vsPeer = peerDashboard ? `${(r / rps(peerDashboard)).toFixed(2)}`.padStart(16) : "";
        report(`${t.name.padEnd(38)} ${String(r).padStart(6)} ${p50(t.name).toFixed(1).padStart(7)}  ${(r / shell).toFixed(2).padStart(7)} ${cpu(t.name).toFixed(2).padStart(10)} ${vsPeer}  [${results.get(t.name)!.map((x) => x.rps).join(", ")}]`);
      }
      const homeName = PAGES[3]!.name;
      const homeCost = shell / rps(homeName);
      const shellName = PAGES[2]!.name;
      report(`Home costs ${homeCost.toFixed(2)}× the shell page (target ≤ 1.5: ${mark(homeCost <= 1.5)}); in server CPU per request ${(cpu(homeName) / cpu(shellName)).toFixed(2)}× (${cpu(homeName).toFixed(2)} against ${cpu(shellName).toFixed(2)} ms)`);
      if (peerDashboard && peerLogin) {
        const homeVsPeer = rps(homeName) / rps(peerDashboard);
        report(`Home / peer dashboard: ${homeVsPeer.toFixed(2)}× (target ≥ 2: ${mark(homeVsPeer >= 2)}); shell / peer dashboard: ${(shell / rps(peerDashboard)).toFixed(2)}×`);
        const slowest = PAGES.slice(3).reduce((a, b) => (rps(a.name) <= rps(b.name) ? a : b));
        const slowRatio = rps(slowest.name) / rps(peerDashboard);
        report(`slowest signed-in page (${slowest.name}) / peer dashboard: ${slowRatio.toFixed(2)}× (target ≥ 1: ${mark(slowRatio >= 1)})`);
        const loginRatio = rps(PAGES[1]!.name) / rps(peerLogin);
        report(`login / peer sign-in: ${loginRatio.toFixed(2)}× (target ≥ 2: ${mark(loginRatio >= 2)})`);
      } else {
        report("no peer in this run (BENCH_PEER=1 installs and serves nextjs/saas-starter: bench/peer.ts)");
      }
      const after = rssMiB(server.pid);
      report(`server memory (RSS) after the load: ${after} MiB (target ≤ 250: ${mark(after <= 250)})`);
      for (const p of peer) if (p.pid && p.role === "dashboard") report(`peer server memory (RSS) after the load: ${rssMiB(p.pid)} MiB`);

      await firstLoadJs(server.url, cookie, report);
    } finally {
      await server.stop();
      for (const p of peer) await p.stop?.();
    }
    await heapCap(url, report);
  });
  await embedded(report);
}

/** The heap limit an operator may set for a small host (README, "Memory"); the bench weighs what it costs. */
const HEAP_CAP = `--max-old-space-size=${process.env.BENCH_HEAP_CAP_MIB ?? 160}`;

/**
 * The same pages on two servers side by side, Node's default heap and HEAP_CAP, in interleaved rounds: server memory
 * after the load and the throughput the cap costs (V8 collects sooner instead of growing its heap).
 */
async function heapCap(databaseUrl: string, report: (line: string) => void) {
  const servers = [
    { name: "default heap", server: await startServer({ port: BASE_PORT + 2, databaseUrl }) },
    { name: HEAP_CAP, server: await startServer({ port: BASE_PORT + 3, databaseUrl, env: { NODE_OPTIONS: HEAP_CAP } }) },
  ];
  try {
    const pages = [HOME, "/telecom/sms", `${HOME}/transfer`, `${HOME}/history`];
    const runs = await Promise.all(servers.map(async ({ server }) => ({ server, cookie: await sessionCookie(server.url, "admin@demo.test") })));
    for (const { server, cookie } of runs) for (const page of pages) await loadFor(`${server.url}${page}`, { headers: { cookie } }, 1, 2, 200);
    const rps = runs.map(() => new Map<string, number[]>(pages.map((p) => [p, []])));
    for (let round = 0; round < ROUNDS; round++) {
      for (const page of pages) {
        for (const [i, { server, cookie }] of runs.entries()) rps[i]!.get(page)!.push((await loadFor(`${server.url}${page}`, { headers: { cookie } }, SECONDS, CONNECTIONS, 200)).rps);
      }
    }
    const ratios = pages.map((page) => median(rps[1]!.get(page)!) / median(rps[0]!.get(page)!));
    const [plain, capped] = runs.map(({ server }) => rssMiB(server.pid));
    report(`heap cap (NODE_OPTIONS=${HEAP_CAP}): RSS after the load ${capped} MiB against ${plain} MiB with the default heap (target ≤ 250: ${mark(capped! <= 250)}); throughput ×${median(ratios).toFixed(2)} of the default's (Home, list, Transfer, History: ${ratios.map((r) => r.toFixed(2)).join(", ")})`);
  } finally {
    for (const { server } of servers) await server.stop();
  }
}

/** The embedded database (the demo): start-up, and memory after the demo's first pages. */
async function embedded(report: (line: string) => void) {
  const server = await startServer({ port: BASE_PORT + 1 });
  try {
    report(`embedded database: start-up to first page (fresh database, demo seed included) ${server.startedInMs} ms`);
    const cookie = await sessionCookie(server.url, "admin@demo.test");
    for (const page of PAGES) {
      const res = await fetch(`${server.url}${page.path}`, { headers: page.signedOut ? {} : { cookie } });
      await res.arrayBuffer();
    }
    await loadFor(`${server.url}${HOME}`, { headers: { cookie } }, 2, 4, 200);
    const rss = rssMiB(server.pid);
    report(`embedded database: server memory (RSS) after the demo's first pages and 2 s of Home: ${rss} MiB (target ≤ 350: ${mark(rss <= 350)})`);
  } finally {
    await server.stop();
  }
}

/** First-load JavaScript per route, as a browser fetches it (uncompressed and gzip). */
async function firstLoadJs(url: string, cookie: string, report: (line: string) => void) {
  const browser = await chromium.launch({
    ...(existsSync("/usr/bin/chromium") ? { executablePath: "/usr/bin/chromium" } : {}),
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const context = await browser.newContext();
    const [name, value] = cookie.split("=") as [string, string];
    let worst = 0;
    for (const route of ["/login", "/telecom/sms", HOME, `${HOME}/options/recredit`, `${HOME}/transfer`, `${HOME}/send`, `${HOME}/buy`, "/account/security"]) {
      const page = await context.newPage();
      const scripts: Array<Promise<Buffer>> = [];
      page.on("response", (res) => {
        if (res.request().resourceType() === "script") scripts.push(res.body().catch(() => Buffer.alloc(0)));
      });
      await context.clearCookies();
      if (route !== "/login") await context.addCookies([{ name, value, url }]);
      await page.goto(`${url}${route}`, { waitUntil: "networkidle" });
      const bodies = await Promise.all(scripts);
      const raw = bodies.reduce((n, b) => n + b.length, 0);
      const gz = bodies.reduce((n, b) => n + gzipSync(b).length, 0);
      worst = Math.max(worst, gz);
      report(`first-load JS ${route.padEnd(46)} ${(raw / 1024).toFixed(0).padStart(5)} kB (${(gz / 1024).toFixed(0)} kB gzip, ${bodies.length} files)`);
      await page.close();
    }
    report(`first-load JS, largest route: ${(worst / 1024).toFixed(0)} kB gzip (target ≤ 110: ${mark(worst / 1024 <= 110)})`);
  } finally {
    await browser.close();
  }
}
