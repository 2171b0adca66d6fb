#!/usr/bin/env node
// node scripts/screens.mjs [baseURL] — screenshots of every page of the panel at 1280 and 375 px wide, signed in as
// the demo admin, into .data/screens/ (gitignored). For looking at the pages, not a test: it asserts nothing.
// Needs a running panel with the demo data (npm run demo, or next dev with SEED_DEMO=1).
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";

const base = process.argv[2] ?? process.env.BASE_URL ?? "http://127.0.0.1:3000";
const out = path.join(".data", "screens");
mkdirSync(out, { recursive: true });
const only = process.env.ONLY ? new RegExp(process.env.ONLY) : null;

const account = "/telecom/sms/sms-ab12345-1";
const pages = [
  ["login", "/login", { signedOut: true }],
  ["sms-list", "/telecom/sms"],
  ["home", account],
  ["history", `${account}/history`],
  ["buy", `${account}/buy`],
  ["transfer", `${account}/transfer`],
  ["recredit", `${account}/options/recredit`],
  ["send", `${account}/send`],
  ["rates", "/telecom/sms/rates"],
  ["orders", "/billing/orders"],
  ["invoice", "/billing/orders/1"],
  ["payment-methods", "/billing/payment-methods"],
  ["api-keys", "/account/api"],
  ["api-docs", "/docs/api"],
  ["security", "/account/security"],
  ["validate-unknown", "/api-keys/validate/nope"],
  ["not-found", "/no-such-page"],
  ["account-not-found", "/telecom/sms/sms-zz99999-9"],
];

// Debian's Chromium when present (as playwright.config.ts), Playwright's own elsewhere.
const browser = await chromium.launch(existsSync("/usr/bin/chromium") ? { executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] } : {});
for (const width of [1280, 375]) {
  const context = await browser.newContext({ viewport: { width, height: width === 375 ? 812 : 900 }, locale: "en-GB" });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel("E-mail").fill("admin@demo.test");
  await page.getByLabel("Password").fill("demo-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(/\/telecom\/sms$/);
  const signedOut = await browser.newContext({ viewport: { width, height: 812 }, locale: "en-GB" });
  for (const [name, url, opts] of pages) {
    if (only && !only.test(name)) continue;
    const p = opts?.signedOut ? await signedOut.newPage() : page;
    await p.goto(`${base}${url}`, { waitUntil: "load", timeout: 180_000 });
    await p.screenshot({ path: path.join(out, `${name}-${width}.png`), fullPage: true });
    console.log(`${name}-${width}.png`);
    if (opts?.signedOut) await p.close();
  }
  await signedOut.close();
  await context.close();
}
await browser.close();
