import type { APIRequestContext } from "@playwright/test";
import { computeSignature } from "../lib/api/signature";
import { baseURL } from "../playwright.config";
import { expect, seedCustomer, test, type Seeded } from "./fixtures";

/**
 * The REST API over real HTTP: keys created and granted in the panel (Chromium), then signed calls as OVHcloud's
 * clients make them, and every refusal of the auth layer and of the domain.
 */
type Keys = { appKey: string; appSecret: string; consumerKey: string };

function signedHeaders(keys: Keys, method: string, path: string, body = "", options: { withPort?: boolean; timestamp?: number; secret?: string } = {}) {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const url = options.withPort === false ? `${baseURL.replace(/:\d+$/, "")}/1.0${path}` : `${baseURL}/1.0${path}`;
  return {
    "X-Ovh-Application": keys.appKey,
    "X-Ovh-Consumer": keys.consumerKey,
    "X-Ovh-Timestamp": String(timestamp),
    "X-Ovh-Signature": computeSignature({ applicationSecret: options.secret ?? keys.appSecret, consumerKey: keys.consumerKey, method, url, body, timestamp }),
    "Content-Type": "application/json",
  };
}

async function call(request: APIRequestContext, keys: Keys, method: string, path: string, body?: unknown, extra: Record<string, string> = {}, options = {}) {
  const raw = body === undefined ? "" : JSON.stringify(body);
  return request.fetch(`/1.0${path}`, { method, data: raw || undefined, headers: { ...signedHeaders(keys, method, path, raw, options), ...extra } });
}

test.describe("an application granted in the panel, then its signed calls", () => {
  // One application for the three: each goes on from what the one before did (keys, balances).
  test.describe.configure({ mode: "serial" });
  let keys: Keys;
  let c: Seeded;
  let other: Seeded;

  test.beforeAll(async ({ db }) => {
    c = await seedCustomer(db, { accounts: [{ balance: "500" }, { balance: "0" }], methods: ["mandate"] });
    other = await seedCustomer(db, { subsidiary: "FR", users: [{ role: "admin", locale: null }], accounts: [{ balance: "1000" }] });
  });

  test("an application is created and its consumer key granted in the panel", async ({ page, request, browser, signIn }) => {
    await signIn(c.admin);
    await page.goto("/account/api");
    await page.getByLabel("Application name").fill("E2E script");
    await page.getByRole("button", { name: "Create" }).click();
    const appKey = (await page.getByTestId("app-key").textContent())!.trim();
    const appSecret = (await page.getByTestId("app-secret").textContent())!.trim();
    expect(appKey).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(appSecret).toMatch(/^[A-Za-z0-9]{32}$/);

    const time = await request.get("/1.0/auth/time");
    expect(Math.abs((await time.json()) - Date.now() / 1000)).toBeLessThan(30);
    expect(time.headers()["x-ovh-queryid"]).toBeTruthy();

    const unknownApp = await request.post("/1.0/auth/credential", { headers: { "X-Ovh-Application": "nope", "Content-Type": "application/json" }, data: "{}" });
    expect(unknownApp.status()).toBe(403);
    const res = await request.post("/1.0/auth/credential", {
      headers: { "X-Ovh-Application": appKey, "Content-Type": "application/json" },
      data: JSON.stringify({ accessRules: [{ method: "GET", path: "/sms*" }, { method: "PUT", path: "/sms/*" }, { method: "POST", path: "/sms/*" }, { method: "GET", path: "/auth/*" }, { method: "POST", path: "/auth/logout" }] }),
    });
    expect(res.status()).toBe(200);
    const credential = await res.json();
    expect(credential).toMatchObject({ state: "pendingValidation" });
    keys = { appKey, appSecret, consumerKey: credential.consumerKey };

    const pending = await call(request, keys, "GET", "/sms");
    expect(pending.status()).toBe(403);
    expect(await pending.json()).toMatchObject({ errorCode: "INVALID_CREDENTIAL" });

    // A user of another customer cannot grant it: an application acts only on its own customer's data.
    const foreign = await browser.newContext();
    await signIn(other.admin, foreign);
    const foreignPage = await foreign.newPage();
    expect((await foreignPage.goto(new URL(credential.validationUrl).pathname))?.status()).toBe(404);
    await expect(foreignPage.getByTestId("not-found")).toBeVisible();
    await expect(foreignPage.getByRole("main")).toHaveCount(1);
    await foreign.close();

    await page.goto(credential.validationUrl);
    await expect(page.getByTestId("credential-rules")).toContainText("POST /sms/*");
    await page.getByLabel("Validity").selectOption("1d");
    await page.getByRole("button", { name: "Grant access" }).click();
    await expect(page.getByTestId("credential-decided")).toBeVisible();
  });

  test("signed calls read, set the re-credit, transfer once, send and follow the SMS", async ({ request }) => {
    const list = await call(request, keys, "GET", "/sms");
    expect(await list.json()).toEqual([`${c.sms[0]}`, `${c.sms[1]}`]);
    // Signed as the Node client does: https-less here, and without the port.
    const one = await call(request, keys, "GET", `/sms/${c.sms[0]}`, undefined, {}, { withPort: false });
    expect(one.status()).toBe(200);
    expect(await one.json()).toMatchObject({ name: `${c.sms[0]}`, creditsLeft: 500, automaticRecreditAmount: null, status: "enable" });

    const put = await call(request, keys, "PUT", `/sms/${c.sms[0]}`, { automaticRecreditAmount: 500, creditThresholdForAutomaticRecredit: 100 });
    expect(put.status()).toBe(200);
    expect(await put.text()).toBe("null");
    expect(await (await call(request, keys, "GET", `/sms/${c.sms[0]}`)).json()).toMatchObject({ automaticRecreditAmount: 500, creditThresholdForAutomaticRecredit: 100 });

    const body = { credits: 10, smsAccountTarget: `${c.sms[1]}` };
    // Two at once with one key: one acts, the other waits for it and replays its answer.
    const concurrent = await Promise.all([
      call(request, keys, "POST", `/sms/${c.sms[0]}/transferCredits`, body, { "Idempotency-Key": "transfer-1" }),
      call(request, keys, "POST", `/sms/${c.sms[0]}/transferCredits`, body, { "Idempotency-Key": "transfer-1" }),
    ]);
    expect(concurrent.map((r) => r.status())).toEqual([200, 200]);
    const transferId = concurrent[0]!.headers()["x-transfer-id"];
    expect(concurrent[1]!.headers()["x-transfer-id"]).toBe(transferId);
    const retry = await call(request, keys, "POST", `/sms/${c.sms[0]}/transferCredits`, body, { "Idempotency-Key": "transfer-1", "Accept-Encoding": "gzip" });
    expect(retry.status()).toBe(200);
    // A write's small answer is sent plain even when the client takes gzip (server.mjs); a read is still compressed.
    expect(retry.headers()["content-encoding"]).toBeUndefined();
    expect((await call(request, keys, "GET", "/sms", undefined, { "Accept-Encoding": "gzip" })).headers()["content-encoding"]).toBe("gzip");
    expect(retry.headers()["x-transfer-id"]).toBe(transferId);
    expect(retry.headers()["idempotent-replayed"]).toBe("true");
    const reused = await call(request, keys, "POST", `/sms/${c.sms[0]}/transferCredits`, { ...body, credits: 11 }, { "Idempotency-Key": "transfer-1" });
    expect(reused.status()).toBe(409);
    expect(await (await call(request, keys, "GET", `/sms/${c.sms[1]}`)).json()).toMatchObject({ creditsLeft: 10 });
    expect(await (await call(request, keys, "GET", `/sms/${c.sms[0]}`)).json()).toMatchObject({ creditsLeft: 490 });

    // A captured signed request, without Idempotency-Key, replayed three times within its window: one transfer.
    const captured = JSON.stringify({ credits: 5, smsAccountTarget: `${c.sms[1]}` });
    const headers = signedHeaders(keys, "POST", `/sms/${c.sms[0]}/transferCredits`, captured);
    const replays = [];
    for (let i = 0; i < 3; i++) replays.push(await request.fetch(`/1.0/sms/${c.sms[0]}/transferCredits`, { method: "POST", data: captured, headers }));
    expect(replays.map((r) => r.status())).toEqual([200, 200, 200]);
    expect(new Set(replays.map((r) => r.headers()["x-transfer-id"])).size).toBe(1);
    expect(replays.map((r) => r.headers()["idempotent-replayed"])).toEqual([undefined, "true", "true"]);
    expect(await (await call(request, keys, "GET", `/sms/${c.sms[1]}`)).json()).toMatchObject({ creditsLeft: 15 });
    // The same transfer signed afresh (another second) is a new request, as a script sending it again means it.
    await new Promise((r) => setTimeout(r, 1100));
    const again = await call(request, keys, "POST", `/sms/${c.sms[0]}/transferCredits`, JSON.parse(captured));
    expect(again.status()).toBe(200);
    expect(await (await call(request, keys, "GET", `/sms/${c.sms[0]}`)).json()).toMatchObject({ creditsLeft: 480 });

    const job = await call(request, keys, "POST", `/sms/${c.sms[0]}/jobs`, { message: "Hello from the API", receivers: ["+447400123456", "bad"], sender: "Acme" });
    expect(job.status()).toBe(200);
    const sent = await job.json();
    expect(sent).toMatchObject({ totalCreditsRemoved: 1, creditsLeft: 479, validReceivers: ["+447400123456"], invalidReceivers: ["bad"] });
    const ids = await (await call(request, keys, "GET", `/sms/${c.sms[0]}/outgoing`)).json();
    expect(ids).toContain(sent.ids[0]);
    const outgoing = await (await call(request, keys, "GET", `/sms/${c.sms[0]}/outgoing/${sent.ids[0]}`)).json();
    expect(outgoing).toMatchObject({ receiver: "+447400123456", ptt: 0, numberOfSms: 1 });
    // Parts as carriers split them: an emoji (a surrogate pair) never straddles two parts, so 67 emoji take 3.
    const estimate = await call(request, keys, "POST", "/sms/estimate", { message: "😀".repeat(67), noStopClause: true, senderType: "alpha" });
    expect(await estimate.json()).toEqual({ characters: 134, charactersClass: "unicode", maxCharactersPerPart: 67, parts: 3 });
    // Priced by calling code: a Guernsey number is a UK SMS; a valid number of a country with no rate says so.
    const guernsey = await call(request, keys, "POST", `/sms/${c.sms[0]}/jobs`, { message: "Hi", receivers: ["+447911123456"], sender: "Acme" });
    expect(await guernsey.json()).toMatchObject({ totalCreditsRemoved: 1, validReceivers: ["+447911123456"], invalidReceivers: [] });
    const thailand = await call(request, keys, "POST", `/sms/${c.sms[0]}/jobs`, { message: "Hi", receivers: ["+66812345678"], sender: "Acme" });
    expect(thailand.status()).toBe(400);
    expect(await thailand.json()).toMatchObject({ message: "No rate for Thailand: +66812345678" });

    // The body of OVHcloud's own "send an SMS" guide: no sender, senderForResponse, and every option of a job.
    const guide = await call(request, keys, "POST", `/sms/${c.sms[0]}/jobs`, {
      charset: "UTF-8", class: "phoneDisplay", coding: "7bit", message: "Hello from the guide", noStopClause: false,
      priority: "high", receivers: ["+447400123456"], senderForResponse: true, validityPeriod: 2880,
    });
    expect(guide.status()).toBe(200);
    const guided = await guide.json();
    expect(guided).toMatchObject({ totalCreditsRemoved: 1, validReceivers: ["+447400123456"], invalidReceivers: [] });
    expect(await (await call(request, keys, "GET", `/sms/${c.sms[0]}/outgoing/${guided.ids[0]}`)).json()).toMatchObject({ sender: "38100", ptt: 0 });
    // A scheduled send (differedPeriod, minutes): charged now, still pending until its time.
    const later = await (await call(request, keys, "POST", `/sms/${c.sms[0]}/jobs`, { message: "Later", receivers: ["+447400123456"], sender: "Acme", differedPeriod: 60, class: "flash", priority: "veryLow" })).json();
    expect(later).toMatchObject({ totalCreditsRemoved: 1 });
    expect(await (await call(request, keys, "GET", `/sms/${c.sms[0]}/outgoing/${later.ids[0]}`)).json()).toMatchObject({ ptt: 254 });
    // Outside the schema, or a known field with a bad value: refused in OVHcloud's shape, nothing charged.
    const refusedBodies: Array<[Record<string, unknown>, string]> = [
      [{ foo: 1 }, "Unknown field foo: not in OVHcloud's schema for a job."],
      [{ class: "loud" }, "class must be one of flash, phoneDisplay, sim, toolkit."],
      [{ coding: "16bit" }, "coding must be one of 7bit, 8bit."],
      [{ priority: "urgent" }, "priority must be one of high, medium, low, veryLow."],
      [{ validityPeriod: "2880" }, "validityPeriod must be a number of minutes."],
      [{ differedPeriod: -5 }, "differedPeriod must be between 0 and 525600 minutes."],
      [{ senderForResponse: "yes" }, "senderForResponse must be true or false."],
      [{ charset: "latin1" }, "charset must be one of UTF-8."],
    ];
    for (const [extra, message] of refusedBodies) {
      const refused = await call(request, keys, "POST", `/sms/${c.sms[0]}/jobs`, { message: "Hi", receivers: ["+447400123456"], sender: "Acme", ...extra });
      expect(refused.status(), message).toBe(400);
      expect(await refused.json()).toEqual({ class: "Client::BadRequest", message });
    }
    expect(await (await call(request, keys, "GET", `/sms/${c.sms[0]}`)).json()).toMatchObject({ creditsLeft: 476 });
    const current = await (await call(request, keys, "GET", "/auth/currentCredential")).json();
    expect(current).toMatchObject({ status: "validated" });
  });

  test("a scheduled send is cancelled by DELETE /sms/{serviceName}/jobs/{id} and by the panel's button, its credits given back once", async ({ page, request, signIn }) => {
    await signIn(c.admin);
    // A credential of its own that may DELETE (the first one was granted without it).
    const res = await request.post("/1.0/auth/credential", {
      headers: { "X-Ovh-Application": keys.appKey, "Content-Type": "application/json" },
      data: JSON.stringify({ accessRules: [{ method: "GET", path: "/sms*" }, { method: "POST", path: "/sms/*" }, { method: "DELETE", path: "/sms/*" }] }),
    });
    const { consumerKey, validationUrl } = await res.json();
    await page.goto(validationUrl);
    await page.getByRole("button", { name: "Grant access" }).click();
    await expect(page.getByTestId("credential-decided")).toBeVisible();
    const deleter = { ...keys, consumerKey };
    const balance = async () => ((await (await call(request, deleter, "GET", `/sms/${c.sms[0]}`)).json()) as { creditsLeft: number }).creditsLeft;
    const start = await balance();

    const scheduled = await (await call(request, deleter, "POST", `/sms/${c.sms[0]}/jobs`, { message: "Cancel me", receivers: ["+447400123498"], sender: "Acme", differedPeriod: 120 })).json();
    const id = scheduled.ids[0];
    expect(await (await call(request, deleter, "GET", `/sms/${c.sms[0]}/jobs`)).json()).toContain(id);
    expect(await (await call(request, deleter, "GET", `/sms/${c.sms[0]}/jobs/${id}`)).json()).toMatchObject({ id, receiver: "+447400123498", ptt: 254 });
    expect(await balance()).toBe(start - 1);
    const cancelled = await call(request, deleter, "DELETE", `/sms/${c.sms[0]}/jobs/${id}`);
    expect(cancelled.status()).toBe(200);
    expect(await cancelled.text()).toBe("null");
    expect(await balance()).toBe(start);
    // Again (a script retrying): nothing more comes back.
    expect((await call(request, deleter, "DELETE", `/sms/${c.sms[0]}/jobs/${id}`)).status()).toBe(200);
    expect(await balance()).toBe(start);
    expect((await call(request, deleter, "GET", `/sms/${c.sms[0]}/jobs/${id}`)).status()).toBe(404);
    // What cannot be cancelled says why, in OVHcloud's shape.
    const now = await (await call(request, deleter, "POST", `/sms/${c.sms[0]}/jobs`, { message: "Now", receivers: ["+447400123456"], sender: "Acme" })).json();
    const notScheduled = await call(request, deleter, "DELETE", `/sms/${c.sms[0]}/jobs/${now.ids[0]}`);
    expect(notScheduled.status()).toBe(400);
    expect(await notScheduled.json()).toEqual({ class: "Client::BadRequest", message: "This SMS was sent at once: only a scheduled send can be cancelled." });
    expect((await call(request, deleter, "DELETE", `/sms/${c.sms[0]}/jobs/999999999`)).status()).toBe(404);
    expect((await call(request, keys, "DELETE", `/sms/${c.sms[0]}/jobs/${id}`)).status()).toBe(403); // not granted to the first key
    expect((await call(request, deleter, "POST", `/sms/${c.sms[1]}/transferCredits`, { credits: 1, smsAccountTarget: c.sms[0] })).status()).toBe(200);

    // The panel's cancel button, on the outgoing list of the Send page.
    const panelSend = await (await call(request, deleter, "POST", `/sms/${c.sms[0]}/jobs`, { message: "Cancel me in the panel", receivers: ["+447400123499"], sender: "Acme", differedPeriod: 120 })).json();
    expect(panelSend.ids).toHaveLength(1);
    await page.goto(`/telecom/sms/${c.sms[0]}/send`);
    await page.getByRole("button", { name: "Cancel send +447400123499" }).click();
    await expect(page.getByTestId("cancel-result")).toHaveText("Send cancelled: 1 credit given back.");
    await page.reload();
    await expect(page.getByRole("button", { name: "Cancel send +447400123499" })).toHaveCount(0);
    // Both cancelled sends refunded; the send made at once paid for by the credit moved back: the next test's balances hold.
    expect(await balance()).toBe(start);
  });

  test("refusals: signature, time, key, rules, tenant, bodies", async ({ request }) => {
    const bad = await call(request, keys, "GET", "/sms", undefined, {}, { secret: "wrong" });
    expect(bad.status()).toBe(403);
    expect(await bad.json()).toMatchObject({ errorCode: "INVALID_SIGNATURE", message: "Invalid signature" });
    const stale = await call(request, keys, "GET", "/sms", undefined, {}, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(await stale.json()).toMatchObject({ errorCode: "QUERY_TIME_OUT" });
    const unknown = await call(request, { ...keys, consumerKey: "x".repeat(32) }, "GET", "/sms");
    expect(await unknown.json()).toMatchObject({ errorCode: "INVALID_CREDENTIAL" });
    const outside = await call(request, keys, "GET", `/order/sms/${c.sms[0]}/credits?quantity=100`);
    expect(outside.status()).toBe(403);
    expect(await outside.json()).toMatchObject({ errorCode: "NOT_GRANTED_CALL" });
    const foreign = await call(request, keys, "GET", `/sms/${other.sms[0]}`);
    expect(foreign.status()).toBe(404);
    expect(await foreign.json()).toMatchObject({ class: "Client::NotFound" });
    const foreignTransfer = await call(request, keys, "POST", `/sms/${c.sms[0]}/transferCredits`, { credits: 1, smsAccountTarget: `${other.sms[0]}` });
    expect(await foreignTransfer.json()).toMatchObject({ class: "Client::BadRequest", message: "The account to credit does not exist or is not one of yours." });
    const readOnly = await call(request, keys, "PUT", `/sms/${c.sms[0]}`, { creditsLeft: 1000000 });
    expect(readOnly.status()).toBe(400);
    expect(await readOnly.json()).toMatchObject({ message: "creditsLeft is read-only." });
    // The description rule is the panel's (lib/sms/accounts.ts): trimmed, 120 characters at most, checked before
    // anything in the request changes.
    const before = (await (await call(request, keys, "GET", `/sms/${c.sms[0]}`)).json()) as { creditThresholdForAutomaticRecredit: number };
    const longDescription = await call(request, keys, "PUT", `/sms/${c.sms[0]}`, { description: "d".repeat(121), creditThresholdForAutomaticRecredit: 7 });
    expect(longDescription.status()).toBe(400);
    expect(await longDescription.json()).toMatchObject({ message: "The description is too long (120 characters at most)." });
    expect(await (await call(request, keys, "PUT", `/sms/${c.sms[0]}`, { description: "  Alerts  " })).status()).toBe(200);
    expect(await (await call(request, keys, "GET", `/sms/${c.sms[0]}`)).json()).toMatchObject({
      description: "Alerts",
      creditThresholdForAutomaticRecredit: before.creditThresholdForAutomaticRecredit,
    });
    const precise = await call(request, keys, "POST", `/sms/${c.sms[0]}/transferCredits`, { credits: 1.234, smsAccountTarget: `${c.sms[1]}` });
    expect(await precise.json()).toMatchObject({ class: "Client::BadRequest", message: "Credits have at most 2 decimals." });
    const wrongType = await call(request, keys, "POST", `/sms/${c.sms[0]}/transferCredits`, { credits: "10", smsAccountTarget: `${c.sms[1]}` });
    expect(await wrongType.json()).toMatchObject({ message: "credits must be a number." });
    const longKey = await call(request, keys, "POST", `/sms/${c.sms[0]}/transferCredits`, { credits: 1, smsAccountTarget: `${c.sms[1]}` }, { "Idempotency-Key": "k".repeat(300) });
    expect(longKey.status()).toBe(400);
    const tooYoung = await call(request, keys, "PUT", `/sms/${c.sms[0]}`, { creditThresholdForAutomaticRecredit: -1 });
    expect(await tooYoung.json()).toMatchObject({ message: "The threshold cannot be negative." });
    expect(await (await call(request, keys, "GET", `/sms/${c.sms[0]}`)).json()).toMatchObject({ creditsLeft: 476 }); // after the first test's SMS: the Guernsey, the guide's and the scheduled ones
    const logout = await call(request, keys, "POST", "/auth/logout");
    expect(logout.status()).toBe(200);
    const revoked = await call(request, keys, "GET", "/sms");
    expect(await revoked.json()).toMatchObject({ errorCode: "INVALID_CREDENTIAL" });
    const malformed = await request.get("/1.0/sms/%E0%A4%A");
    expect(malformed.status()).toBe(400);
    expect(await malformed.json()).toMatchObject({ message: expect.stringContaining("Malformed URL") });
    const packs = await request.get("/1.0/sms/rates/packs?billingCountry=gb");
    expect((await packs.json())[0]).toMatchObject({ creditQuantityMin: 100, creditPrice: { currencyCode: "GBP", value: 0.06 }, vatRate: 20 });
  });
});

test("a viewer cannot grant a consumer key: the page says why and shows no grant form", async ({ browser, request, seed, signIn }) => {
  const c = await seed({ users: [{ role: "admin" }, { role: "viewer" }], accounts: [{ balance: "412.5" }], methods: ["mandate"] });
  const admin = await browser.newContext();
  await signIn(c.admin, admin);
  const adminPage = await admin.newPage();
  await adminPage.goto("/account/api");
  await adminPage.getByLabel("Application name").fill("Viewer grant check");
  await adminPage.getByRole("button", { name: "Create" }).click();
  const appKey = (await adminPage.getByTestId("app-key").textContent())!.trim();
  const res = await request.post("/1.0/auth/credential", {
    headers: { "X-Ovh-Application": appKey, "Content-Type": "application/json" },
    data: JSON.stringify({ accessRules: [{ method: "POST", path: "/sms/*" }] }),
  });
  const { validationUrl } = await res.json();
  const validationPath = new URL(validationUrl).pathname;

  const viewer = await browser.newContext();
  await signIn(c.user("viewer"), viewer);
  const viewerPage = await viewer.newPage();
  await viewerPage.goto(validationPath);
  await expect(viewerPage.getByTestId("credential-rules")).toContainText("POST /sms/*");
  await expect(viewerPage.getByTestId("credential-role-refusal")).toContainText("Your role can see this request but not grant it");
  await expect(viewerPage.getByRole("button", { name: "Grant access" })).toHaveCount(0);
  await viewer.close();

  // Still pending: an administrator of the same customer account can grant it.
  await adminPage.goto(validationPath);
  await adminPage.getByRole("button", { name: "Grant access" }).click();
  await expect(adminPage.getByTestId("credential-decided")).toBeVisible();
  await admin.close();
});

test("the OpenAPI document is served and the docs page is generated from it", async ({ page, request, seed, signIn }) => {
  await signIn((await seed()).admin);
  const doc = await (await request.get("/1.0/openapi.json")).json();
  expect(doc.openapi).toBe("3.1.0");
  expect(Object.keys(doc.paths)).toContain("/sms/{serviceName}/transferCredits");
  expect(doc.paths["/sms/{serviceName}/transferCredits"].post.requestBody.content["application/json"].example).toEqual({ credits: 10, smsAccountTarget: "sms-ab12345-2" });
  await page.goto("/docs/api");
  await expect(page.getByRole("region", { name: "POST /sms/{serviceName}/transferCredits" })).toContainText("Idempotency-Key");
});

test("an application deleted in the panel: its keys stop working, and its secret is no longer shown", async ({ page, request, seed, signIn }) => {
  const c = await seed({ accounts: [{ balance: "10" }] });
  await signIn(c.admin);
  await page.goto("/account/api");
  await page.getByLabel("Application name").fill("Short-lived");
  await page.getByRole("button", { name: "Create" }).click();
  const appKey = (await page.getByTestId("app-key").textContent())!.trim();
  const ask = () =>
    request.post("/1.0/auth/credential", { headers: { "X-Ovh-Application": appKey, "Content-Type": "application/json" }, data: JSON.stringify({ accessRules: [{ method: "GET", path: "/sms" }] }) });
  expect((await ask()).status()).toBe(200);

  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(page.getByRole("dialog", { name: "Delete the application “Short-lived”?" })).toBeVisible();
  await page.getByRole("button", { name: "Delete the application" }).click();
  await expect(page.getByText("No application yet")).toBeVisible();
  await expect(page.getByTestId("app-secret")).toHaveCount(0);
  expect((await ask()).status()).toBe(403);
});
