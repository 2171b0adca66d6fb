import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, seedCustomer, test, type Seeded } from "./fixtures";
import { workerPort } from "./ports";

/**
 * OVHcloud's own Node client, unchanged, against the panel: over TLS (a TLS front made here, with a self-signed
 * certificate the client trusts through NODE_EXTRA_CA_CERTS), the consumer key validated in Chromium.
 */
const PANEL_PORT = Number(process.env.E2E_PORT ?? 3211);
let TLS_PORT: number;
let server: https.Server;
let certFile: string;

let customer: Seeded;
let foreign: Seeded;

test.beforeAll(async ({ db }) => {
  TLS_PORT = workerPort(0);
  customer = await seedCustomer(db, { accounts: [{ balance: "500" }, { balance: "0" }], methods: ["mandate"] });
  foreign = await seedCustomer(db, { subsidiary: "FR", accounts: [{ balance: "1000" }] });
  const dir = mkdtempSync(path.join(tmpdir(), "ovh-tls-"));
  certFile = path.join(dir, "cert.pem");
  const keyFile = path.join(dir, "key.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", "-keyout", keyFile, "-out", certFile], { stdio: "ignore" });
  const { readFileSync } = await import("node:fs");
  server = https.createServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, (req, res) => {
    const upstream = http.request(
      { host: "127.0.0.1", port: PANEL_PORT, method: req.method, path: req.url, headers: { ...req.headers, "x-forwarded-proto": "https", "x-forwarded-host": req.headers.host ?? "" } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(TLS_PORT, "127.0.0.1", resolve));
});

test.afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

/** Runs the client in its own process (asynchronously: the TLS front lives in this one). */
function client(phase: "credential" | "calls", keys: Record<string, string>): Promise<Record<string, unknown> & { consumerKey: string; validationUrl: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["e2e/ovh-client-script.cjs", phase],
      { env: { ...process.env, NODE_EXTRA_CA_CERTS: certFile, OVH_PORT: String(TLS_PORT), OVH_ACCOUNT: customer.sms[0], OVH_TARGET: customer.sms[1], OVH_FOREIGN: foreign.sms[0], ...keys }, encoding: "utf8", timeout: 60_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`node-ovh ${phase} failed: ${stderr || error.message}`)) : resolve(JSON.parse(stdout))),
    );
  });
}

test("the official Node client walks the consumer-key flow and every call, and cannot touch another customer", async ({ page, signIn }) => {
  await signIn(customer.admin);
  await page.goto("/account/api");
  await page.getByLabel("Application name").fill("node-ovh script");
  await page.getByRole("button", { name: "Create" }).click();
  const keys = {
    OVH_APP_KEY: (await page.getByTestId("app-key").textContent())!.trim(),
    OVH_APP_SECRET: (await page.getByTestId("app-secret").textContent())!.trim(),
  };

  const credential = await client("credential", keys);
  expect(credential).toMatchObject({ state: "pendingValidation" });
  await page.goto(new URL(credential.validationUrl).pathname);
  await page.getByRole("button", { name: "Grant access" }).click();
  await expect(page.getByTestId("credential-decided")).toBeVisible();

  const out = await client("calls", { ...keys, OVH_CONSUMER_KEY: credential.consumerKey });
  expect(out.list).toEqual(customer.sms);
  expect(out.before).toMatchObject({ name: customer.sms[0], creditsLeft: 500 });
  expect(out.put).toBeNull();
  expect(out.transfer).toBeNull();
  expect(out.job).toMatchObject({ totalCreditsRemoved: 1, validReceivers: ["+447400123456"] });
  expect(out.outgoing).toMatchObject({ receiver: "+447400123456", ptt: 0, message: "Hello from node-ovh – café" });
  expect(out.after).toMatchObject({ creditsLeft: 489, automaticRecreditAmount: 500, creditThresholdForAutomaticRecredit: 100 });
  expect(out.target).toMatchObject({ creditsLeft: 10 });
  expect(out.guide).toMatchObject({ totalCreditsRemoved: 1, creditsLeft: 488, ids: [expect.any(Number)], validReceivers: ["+447400123456"], invalidReceivers: [] });
  // The same answer as for an SMS account that does not exist: no data, no hint that it exists elsewhere.
  expect(out.foreign).toEqual({ ok: false, error: { error: 404, message: `The SMS account ${foreign.sms[0]} does not exist` } });
  expect(out.foreignTransfer).toEqual({ ok: false, error: { error: 400, message: "The account to credit does not exist or is not one of yours." } });
});
