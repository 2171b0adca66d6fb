import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, expect, test, type Browser, type Page } from "@playwright/test";
import { computeSignature } from "../lib/api/signature";
import { DEMO_PASSWORD } from "./helpers";
import { workerPort } from "./ports";

/**
 * The panel deployed as it is in production: the built app started with server.mjs (TRUST_PROXY=127.0.0.1,
 * PUBLIC_URL=https://panel.test:PORT) behind nginx terminating TLS at the host name panel.test, on a port other than
 * the app's. OVHcloud's official Node client and a raw signer go through it; other clients connect to the app
 * directly from other loopback addresses (127.0.0.2, 127.0.0.3), which are not trusted, with forged X-Forwarded-*.
 */
// This worker's ports (e2e/ports.ts), set in beforeAll.
let TLS_PORT: number;
let APP_PORT: number;
let PUBLIC_URL: string;

let dir: string;
let certFile: string;
let app: ChildProcess;
let nginx: ChildProcess;
let browser: Browser;
let page: Page;

function nginxConfig() {
  return `
daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${TLS_PORT} ssl;
    server_name panel.test;
    ssl_certificate ${dir}/cert.pem;
    ssl_certificate_key ${dir}/key.pem;
    location / {
      proxy_pass http://127.0.0.1:${APP_PORT};
      proxy_http_version 1.1;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $host;
      proxy_set_header X-Forwarded-Port $server_port;
    }
  }
}`;
}

type Answer = { status: number; headers: http.IncomingHttpHeaders; text: string; json: () => any }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One HTTP(S) request from a chosen local address, with exactly the headers given (Host included). */
function send(options: { tls: boolean; port: number; from: string; method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const lib = options.tls ? https : http;
    const req = lib.request(
      {
        host: "127.0.0.1",
        port: options.port,
        localAddress: options.from,
        method: options.method ?? "GET",
        path: options.path,
        headers: { ...(options.body ? { "content-length": String(Buffer.byteLength(options.body)) } : {}), ...options.headers },
        ...(options.tls ? { ca: readFileSync(certFile), servername: "panel.test" } : {}),
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

type Keys = { appKey: string; appSecret: string; consumerKey: string };

/** A signed API call: `signedUrl` is the URL the signature names, whatever the request is sent to. */
function signed(keys: Keys, method: string, apiPath: string, signedUrl: string, body = "") {
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    "X-Ovh-Application": keys.appKey,
    "X-Ovh-Consumer": keys.consumerKey,
    "X-Ovh-Timestamp": String(timestamp),
    "X-Ovh-Signature": computeSignature({ applicationSecret: keys.appSecret, consumerKey: keys.consumerKey, method, url: signedUrl, body, timestamp }),
    "Content-Type": "application/json",
  };
}

/** Through nginx, as a client at `from` addressing https://panel.test:TLS_PORT. */
const viaProxy = (from: string, apiPath: string, headers: Record<string, string>, method = "GET", body?: string) =>
  send({ tls: true, port: TLS_PORT, from, method, path: `/1.0${apiPath}`, headers: { host: `panel.test:${TLS_PORT}`, ...headers }, body });

/** Straight to the app, as a client at `from` addressing http://127.0.0.1:APP_PORT. */
const direct = (from: string, apiPath: string, headers: Record<string, string>, method = "GET", body?: string) =>
  send({ tls: false, port: APP_PORT, from, method, path: `/1.0${apiPath}`, headers: { host: `127.0.0.1:${APP_PORT}`, ...headers }, body });

/** OVHcloud's official client, unchanged, addressing panel.test (resolved in its own process) over TLS. */
function ovhClient(phase: "credential" | "list", keys: Record<string, string>): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["-r", "./e2e/resolve-hosts.cjs", "e2e/ovh-client-script.cjs", phase],
      {
        env: { ...process.env, NODE_EXTRA_CA_CERTS: certFile, E2E_RESOLVE: "panel.test=127.0.0.1", OVH_HOST: "panel.test", OVH_PORT: String(TLS_PORT), ...keys },
        encoding: "utf8",
        timeout: 60_000,
      },
      (error, stdout, stderr) => (error ? reject(new Error(`node-ovh ${phase} failed: ${stderr || error.message}`)) : resolve(JSON.parse(stdout))),
    );
  });
}

async function waitFor(check: () => Promise<boolean>, what: string, ms = 90_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const NGINX = "/usr/sbin/nginx";

test.describe.configure({ mode: "serial" });
test.setTimeout(60_000);
// npm test installs nginx when it can (scripts/test.mjs); without it this journey is skipped, except in CI.
test.skip(!existsSync(NGINX) && !process.env.CI, "nginx is not installed (/usr/sbin/nginx)");

test.beforeAll(async () => {
  test.setTimeout(180_000);
  TLS_PORT = workerPort(1);
  APP_PORT = workerPort(2);
  PUBLIC_URL = `https://panel.test:${TLS_PORT}`;
  dir = mkdtempSync(path.join(tmpdir(), "panel-proxy-"));
  certFile = path.join(dir, "cert.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=panel.test", "-addext", "subjectAltName=DNS:panel.test", "-keyout", path.join(dir, "key.pem"), "-out", certFile], { stdio: "ignore" });
  writeFileSync(path.join(dir, "nginx.conf"), nginxConfig());
  nginx = spawn(NGINX, ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-e", path.join(dir, "error.log")], { stdio: "ignore" });
  app = spawn(process.execPath, ["server.mjs"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(APP_PORT),
      HOST: "127.0.0.1",
      TRUST_PROXY: "127.0.0.1",
      PUBLIC_URL,
      PGLITE_DIR: path.join(dir, "pglite"),
      DATABASE_URL: "",
      SEED_DEMO: "1",
      AUTH_SECRET: "proxy-e2e-secret-proxy-e2e-secret-proxy",
    },
  });
  await waitFor(async () => (await send({ tls: true, port: TLS_PORT, from: "127.0.0.1", path: "/login", headers: { host: "panel.test" } })).status === 200, "the app behind nginx");

  const executablePath = existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;
  browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu", `--host-resolver-rules=MAP panel.test 127.0.0.1`] });
  const context = await browser.newContext({ ignoreHTTPSErrors: true, baseURL: PUBLIC_URL });
  page = await context.newPage();
});

test.afterAll(async () => {
  await browser?.close();
  for (const child of [app, nginx]) {
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let keys: Keys;

test("the panel works at its public https address, and OVHcloud's client gets and uses a key through the proxy", async () => {
  await page.goto("/telecom/sms");
  await expect(page).toHaveURL(`${PUBLIC_URL}/login?callbackUrl=%2Ftelecom%2Fsms`);
  await page.getByLabel("E-mail").fill("admin@demo.test");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(`${PUBLIC_URL}/telecom/sms`);

  await page.goto("/account/api");
  await page.getByLabel("Application name").fill("proxy script");
  await page.getByRole("button", { name: "Create" }).click();
  const app = { OVH_APP_KEY: (await page.getByTestId("app-key").textContent())!.trim(), OVH_APP_SECRET: (await page.getByTestId("app-secret").textContent())!.trim() };

  const credential = await ovhClient("credential", app);
  // The link the user opens is the public address, not the app's own.
  expect(credential.validationUrl).toMatch(new RegExp(`^${PUBLIC_URL.replace(/\./g, "\\.")}/api-keys/validate/[A-Za-z0-9_-]+$`));
  await page.goto(credential.validationUrl);
  await page.getByRole("button", { name: "Grant access" }).click();
  await expect(page.getByTestId("credential-decided")).toBeVisible();
  keys = { appKey: app.OVH_APP_KEY, appSecret: app.OVH_APP_SECRET, consumerKey: credential.consumerKey };

  // The Node client signs https://panel.test/1.0/... without the port.
  const out = await ovhClient("list", { ...app, OVH_CONSUMER_KEY: credential.consumerKey });
  expect(out.list).toEqual(["sms-ab12345-1", "sms-ab12345-2", "sms-ab12345-3"]);
  expect(out.first).toMatchObject({ name: "sms-ab12345-1" });

  const openapi = (await viaProxy("127.0.0.2", "/openapi.json", {})).json();
  expect(openapi.servers).toEqual([{ url: `${PUBLIC_URL}/1.0` }]);
});

test("at the public address: the demo's invoice and its PDF, an unknown order's 404 in the panel, and the outgoing SMS paged", async () => {
  // Signed in by the test above (one page for the file). The order's 404 is decided before its skeleton streams,
  // so nginx passes a real 404, not a 200 carrying a "not found" page.
  await page.goto("/billing/orders");
  await page.getByRole("link", { name: /^Invoice / }).click();
  await expect(page.getByTestId("invoice-total")).toHaveText("£7.20");
  // Fetched by the browser (it resolves panel.test to the proxy; Playwright's own request client would not).
  const pdf = await page.evaluate(async (url) => {
    const response = await fetch(url);
    const head = new Uint8Array(await response.arrayBuffer()).slice(0, 5);
    return { status: response.status, type: response.headers.get("content-type"), head: String.fromCharCode(...head) };
  }, `${page.url()}/pdf`);
  expect(pdf).toEqual({ status: 200, type: "application/pdf", head: "%PDF-" });
  const missing = await page.goto("/billing/orders/999999");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Order not found" })).toBeVisible();
  await expect(page.getByRole("main")).toHaveCount(1);

  await page.goto("/telecom/sms/sms-ab12345-1/send");
  await page.getByRole("link", { name: "Older SMS" }).click();
  await expect(page).toHaveURL(new RegExp(`^${PUBLIC_URL.replace(/\./g, "\\.")}/telecom/sms/sms-ab12345-1/send\\?before=\\d+$`));
  await expect(page.getByTestId("outgoing").locator("li")).toHaveCount(20);
});

test("a raw signer is accepted for the URL it addressed, with and without the port, and for nothing else", async () => {
  const ok = async (answer: Promise<Answer>) => (await answer).status;
  // Through the TLS proxy: the forwarded scheme, host and port, from a trusted proxy.
  expect(await ok(viaProxy("127.0.0.2", "/sms", signed(keys, "GET", "/sms", `https://panel.test:${TLS_PORT}/1.0/sms`)))).toBe(200);
  expect(await ok(viaProxy("127.0.0.2", "/sms", signed(keys, "GET", "/sms", "https://panel.test/1.0/sms")))).toBe(200);
  expect(await ok(viaProxy("127.0.0.2", "/sms", signed(keys, "GET", "/sms", `http://panel.test:${TLS_PORT}/1.0/sms`)))).toBe(403);
  const appOwn = await viaProxy("127.0.0.2", "/sms", signed(keys, "GET", "/sms", `http://localhost:${APP_PORT}/1.0/sms`));
  expect(appOwn.status).toBe(403);
  expect(appOwn.json()).toMatchObject({ errorCode: "INVALID_SIGNATURE" });

  // Straight to the app: the Host the client sent, with its port or without.
  const body = JSON.stringify({ description: "set directly" });
  expect(await ok(direct("127.0.0.2", "/sms/sms-ab12345-2", signed(keys, "PUT", "/sms/sms-ab12345-2", `http://127.0.0.1:${APP_PORT}/1.0/sms/sms-ab12345-2`, body), "PUT", body))).toBe(200);
  expect(await ok(direct("127.0.0.2", "/sms", signed(keys, "GET", "/sms", "http://127.0.0.1/1.0/sms")))).toBe(200);

  // A forged X-Forwarded-Host/-Proto is believed only from a trusted peer (127.0.0.1), never from 127.0.0.2.
  const forged = { "X-Forwarded-Host": "evil.test", "X-Forwarded-Proto": "https" };
  const spoofed = await direct("127.0.0.2", "/sms", { ...forged, ...signed(keys, "GET", "/sms", "https://evil.test/1.0/sms") });
  expect(spoofed.status).toBe(403);
  expect(spoofed.json()).toMatchObject({ errorCode: "INVALID_SIGNATURE" });
  expect(await ok(direct("127.0.0.1", "/sms", { ...forged, ...signed(keys, "GET", "/sms", "https://evil.test/1.0/sms") }))).toBe(200);
});

test("allowedIPs holds against a forged X-Forwarded-For", async () => {
  const requestKey = async (allowedIPs: string[]) => {
    const body = JSON.stringify({ accessRules: [{ method: "GET", path: "/sms*" }], allowedIPs });
    const answer = await viaProxy("127.0.0.2", "/auth/credential", { "X-Ovh-Application": keys.appKey, "Content-Type": "application/json" }, "POST", body);
    expect(answer.status).toBe(200);
    const credential = answer.json();
    await page.goto(credential.validationUrl);
    await page.getByRole("button", { name: "Grant access" }).click();
    await expect(page.getByTestId("credential-decided")).toBeVisible();
    return { ...keys, consumerKey: credential.consumerKey as string };
  };
  const only2 = await requestKey(["127.0.0.2"]);
  const sign = (k: Keys) => signed(k, "GET", "/sms", `https://panel.test:${TLS_PORT}/1.0/sms`);
  const refused = (a: Answer) => a.status === 403 && /cannot be used from this address/.test(a.text);

  expect((await viaProxy("127.0.0.2", "/sms", sign(only2))).status).toBe(200);
  // 127.0.0.3 claims to be 127.0.0.2: straight to the app, and through the proxy (which appends the real address).
  expect(refused(await direct("127.0.0.3", "/sms", { "X-Forwarded-For": "127.0.0.2", ...sign(only2) }))).toBe(true);
  expect(refused(await viaProxy("127.0.0.3", "/sms", { "X-Forwarded-For": "127.0.0.2", ...sign(only2) }))).toBe(true);

  const outside = await requestKey(["203.0.113.7"]);
  expect(refused(await direct("127.0.0.2", "/sms", { "X-Forwarded-For": "203.0.113.7", ...sign(outside) }))).toBe(true);
  expect(refused(await viaProxy("127.0.0.2", "/sms", { "X-Forwarded-For": "203.0.113.7", ...sign(outside) }))).toBe(true);
});

test("a forged X-Forwarded-For does not move the per-address login limit", async () => {
  const from = "127.0.0.4";
  const attempt = async (i: number) => {
    const csrf = await send({ tls: false, port: APP_PORT, from, path: "/api/auth/csrf", headers: { host: `127.0.0.1:${APP_PORT}` } });
    const cookie = (csrf.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
    const body = new URLSearchParams({ email: `nobody-${i}@proxy.test`, password: "wrong", csrfToken: csrf.json().csrfToken }).toString();
    const answer = await send({
      tls: false,
      port: APP_PORT,
      from,
      method: "POST",
      path: "/api/auth/callback/credentials",
      // A new forwarded address each time: each would be a fresh per-address counter if it were believed.
      headers: { host: `127.0.0.1:${APP_PORT}`, cookie, "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": `198.51.100.${i}` },
      body,
    });
    return decodeURIComponent(String(answer.headers.location ?? ""));
  };
  // 30 failures per address per 15 minutes (lib/auth/login.ts), each with another e-mail so the per-account limit
  // never applies.
  for (let i = 1; i <= 30; i++) expect(await attempt(i)).toContain("error=CredentialsSignin");
  expect(await attempt(31)).toMatch(/code=throttled:\d+/);
});
