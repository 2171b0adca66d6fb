import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import { existsSync } from "node:fs";
import { load, rssMiB, sessionCookie, startServer } from "./server";

/**
 * Page figures: start-up to first page on the embedded database, server memory at idle, an authenticated page's
 * latency against a static file of the same server, and the JavaScript each route loads on first visit.
 */
export async function benchPages(report: (line: string) => void) {
  const server = await startServer({ port: 3290 });
  try {
    report(`start-up to first page (fresh embedded database, demo seed included): ${server.startedInMs} ms`);
    const cookie = await sessionCookie(server.url, "admin@demo.test");
    const firstAuth = performance.now();
    await fetch(`${server.url}/telecom/sms/sms-ab12345-1`, { headers: { cookie } });
    report(`first authenticated page after start: ${Math.round(performance.now() - firstAuth)} ms`);

    // Warm up, then measure.
    await load(`${server.url}/telecom/sms/sms-ab12345-1`, { headers: { cookie } }, 50, 4);
    await load(`${server.url}/robots.txt`, {}, 50, 4);
    const staticFile = await load(`${server.url}/robots.txt`, {}, 400, 8);
    const home = await load(`${server.url}/telecom/sms/sms-ab12345-1`, { headers: { cookie } }, 400, 8);
    if (home.failures || staticFile.failures) throw new Error("requests failed during the page benchmark");
    report(`static file (robots.txt), 8 in flight: ${staticFile.rps} req/s, p50 ${staticFile.p50} ms, p99 ${staticFile.p99} ms`);
    report(`authenticated Home (sms-ab12345-1), 8 in flight: ${home.rps} req/s, p50 ${home.p50} ms, p99 ${home.p99} ms`);
    report(`Home p50 / static p50: ${(home.p50 / staticFile.p50).toFixed(2)}× (the 2× target compares a page with a static page)`);

    await new Promise((r) => setTimeout(r, 3000));
    report(`server memory (RSS) at idle after the run: ${rssMiB(server.pid)} MiB`);

    // First-load JavaScript per route, as a browser fetches it (uncompressed and gzip).
    const browser = await chromium.launch({
      ...(existsSync("/usr/bin/chromium") ? { executablePath: "/usr/bin/chromium" } : {}),
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    const context = await browser.newContext();
    const [name, value] = cookie.split("=") as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    for (const route of ["/login", "/telecom/sms", "/telecom/sms/sms-ab12345-1", "/telecom/sms/sms-ab12345-1/options/recredit", "/telecom/sms/sms-ab12345-1/transfer"]) {
      const page = await context.newPage();
      const scripts: Array<Promise<Buffer>> = [];
      page.on("response", (res) => {
        if (res.request().resourceType() === "script") scripts.push(res.body());
      });
      if (route === "/login") await context.clearCookies();
      await page.goto(`${server.url}${route}`, { waitUntil: "networkidle" });
      const bodies = await Promise.all(scripts);
      const raw = bodies.reduce((n, b) => n + b.length, 0);
      const gz = bodies.reduce((n, b) => n + gzipSync(b).length, 0);
      report(`first-load JS ${route.padEnd(46)} ${(raw / 1024).toFixed(0).padStart(5)} kB (${(gz / 1024).toFixed(0)} kB gzip, ${bodies.length} files)`);
      await page.close();
      if (route === "/login") await context.addCookies([{ name, value, url: server.url }]);
    }
    await browser.close();
  } finally {
    await server.stop();
  }
}
