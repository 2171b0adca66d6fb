import http from "node:http";
import type { APIRequestContext, Page } from "@playwright/test";
import { computeSignature } from "../lib/api/signature";
import { baseURL } from "../playwright.config";
import { expect, seedCustomer, signInAs, test, type Seeded } from "./fixtures";

/**
 * Hostile input over real HTTP against the built app: every refusal is a clear 4xx (never a 500, a hang or an error
 * page), in the user's language, and changes nothing.
 */
// A customer per worker for this file (tests compare before and after, so they may share it in any order), and a
// French one for the answers in French.
let customer: Seeded;
let french: Seeded;
let ACCOUNT: string;
let OTHER: string;

test.beforeAll(async ({ db }) => {
  customer = await seedCustomer(db, {
    accounts: [{ balance: "100" }, { balance: "0" }],
    methods: ["card", { type: "card", masked: "Visa •••• 1111" }],
  });
  [ACCOUNT, OTHER] = customer.sms as [string, string];
  french = await seedCustomer(db, { subsidiary: "FR", users: [{ role: "admin", locale: null }], accounts: [{ balance: "1000" }] });
});
test.beforeEach(async ({ signIn }) => signIn(customer.admin));

type Captured = { url: string; headers: Record<string, string>; body: string };

/** Runs `submit` in the page and returns the server-action request it sends, which never reaches the server. */
async function captureAction(page: Page, submit: () => Promise<void>): Promise<Captured> {
  let captured: Captured | null = null;
  await page.route("**/*", async (route) => {
    const request = route.request();
    if (request.method() === "POST" && request.headers()["next-action"]) {
      captured = { url: request.url(), headers: await request.allHeaders(), body: request.postData() ?? "" };
      await route.abort();
    } else {
      await route.continue();
    }
  });
  await submit();
  await expect.poll(() => captured !== null).toBe(true);
  await page.unroute("**/*");
  return captured!;
}

/** The captured action sent again, with some fields changed and some headers added. */
function replay(request: APIRequestContext, action: Captured, options: { fields?: Record<string, string>; headers?: Record<string, string>; pad?: number } = {}) {
  const boundary = /boundary=(.+)$/.exec(action.headers["content-type"] ?? "")?.[1];
  let body = action.body;
  for (const [name, value] of Object.entries(options.fields ?? {})) {
    const field = new RegExp(`(name="(?:_?\\d+_)?${name}"\\r\\n\\r\\n)[^\\r]*(\\r\\n)`);
    expect(body).toMatch(field);
    body = body.replace(field, (_m, head: string, tail: string) => `${head}${value}${tail}`);
  }
  if (options.pad && boundary) {
    body = body.replace(`--${boundary}--`, `--${boundary}\r\nContent-Disposition: form-data; name="pad"\r\n\r\n${"x".repeat(options.pad)}\r\n--${boundary}--`);
  }
  const headers: Record<string, string> = {};
  for (const name of ["next-action", "content-type", "accept", "next-router-state-tree"]) if (action.headers[name]) headers[name] = action.headers[name];
  headers.origin = new URL(baseURL).origin;
  return request.fetch(action.url, { method: "POST", headers: { ...headers, ...options.headers }, data: Buffer.from(body) });
}

async function description(page: Page): Promise<string> {
  await page.goto(`/telecom/sms/${ACCOUNT}`);
  return (await page.getByTestId("description").textContent()) ?? "";
}

test.describe("server actions", () => {
  let action: Captured;

  test.beforeAll(async ({ browser, db }) => {
    const page = await browser.newPage();
    await signInAs(db, page, customer.admin);
    await page.goto(`/telecom/sms/${ACCOUNT}`);
    await page.getByRole("button", { name: "Edit description" }).click();
    await page.getByLabel("Description").fill("Captured");
    action = await captureAction(page, () => page.getByRole("button", { name: "Save" }).click());
    await page.close();
  });

  test("a 2 MB action body is refused with 413 in the user's language, and nothing changes", async ({ page }) => {
    const before = await description(page);
    const res = await replay(page.request, action, { fields: { description: "Too large" }, pad: 2 * 1024 * 1024 });
    expect(res.status()).toBe(413);
    expect(await res.text()).toBe("This request is too large: nothing was changed.");
    expect(await description(page)).toBe(before);
  });

  test("a 2 MB action body sent in chunks, without a length, is refused with 413 too", async ({ page }) => {
    const before = await description(page);
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const boundary = /boundary=(.+)$/.exec(action.headers["content-type"]!)![1]!;
    const body = action.body
      .replace(/(name="_?\d+_description"\r\n\r\n)[^\r]*/, "$1Chunked")
      .replace(`--${boundary}--`, `--${boundary}\r\nContent-Disposition: form-data; name="pad"\r\n\r\n${"x".repeat(2 * 1024 * 1024)}\r\n--${boundary}--`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(action.url, {
        method: "POST",
        headers: { "next-action": action.headers["next-action"]!, "content-type": action.headers["content-type"]!, origin: new URL(baseURL).origin, cookie, "transfer-encoding": "chunked" },
      }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      for (let i = 0; i < body.length; i += 256 * 1024) req.write(body.slice(i, i + 256 * 1024));
      req.end();
    });
    expect(status).toBe(413);
    expect(await description(page)).toBe(before);
  });

  test("a cross-origin action POST is refused with 403, and nothing changes", async ({ page }) => {
    const before = await description(page);
    const attempts: Array<Record<string, string>> = [
      { origin: "https://evil.example" },
      { origin: "null" },
      // Whether or not this client is a trusted proxy (server.mjs, TRUST_PROXY), another site is refused.
      { origin: "https://evil.example", "x-forwarded-host": "panel.example.com" },
    ];
    for (const headers of attempts) {
      const res = await replay(page.request, action, { fields: { description: "Cross-site" }, headers });
      expect(res.status(), JSON.stringify(headers)).toBe(403);
      expect(await res.text()).toBe("This request came from another site and was refused: nothing was changed.");
    }
    // In French for a French browser.
    const fr = await replay(page.request, action, { fields: { description: "Cross-site" }, headers: { origin: "https://evil.example", "accept-language": "fr-FR,fr;q=0.9" } });
    expect(fr.status()).toBe(403);
    expect(await fr.text()).toContain("venait d’un autre site");
    expect(await description(page)).toBe(before);
    // The same request from the site itself is accepted (through a TLS proxy: e2e/proxy specs sign in through it).
    const same = await replay(page.request, action, { fields: { description: "Same site" } });
    expect(same.status()).toBe(200);
    expect(await description(page)).toBe("Same site");
  });

  test("a NUL in a text field is a translated refusal, not a 500, and nothing changes", async ({ page }) => {
    const before = await description(page);
    const res = await replay(page.request, action, { fields: { description: "bad\u0000text" } });
    expect(res.status()).toBe(200);
    expect(await res.text()).toContain("This text contains a character that is not allowed (NUL).");
    expect(await description(page)).toBe(before);
  });

  test("ids beyond int4 or not in canonical decimal are refused, not a 500", async ({ page }) => {
    await page.goto("/billing/payment-methods");
    const defaultBefore = await page.getByTestId("payment-methods").textContent();
    const setDefault = await captureAction(page, () => page.getByRole("button", { name: "Make default" }).first().click());
    for (const id of ["1000000000000", "0x10", " 5 ", "+5", "5.", "1e3", "7\u0000"]) {
      const res = await replay(page.request, setDefault, { fields: { id } });
      expect(res.status(), id).toBe(200);
      expect(await res.text(), id).toContain("This value is not valid.");
    }
    await page.goto("/billing/payment-methods");
    expect(await page.getByTestId("payment-methods").textContent()).toBe(defaultBefore);
  });
});

test("returnTo with a tab, CR/LF or U+3000 never leaves the site", async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await context.route(/evil\.example/, (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<title>evil</title>off-site" }));
  for (const returnTo of ["/\t/evil.example", "/\r\n/evil.example", "/\u3000/evil.example", "/\\evil.example", "//evil.example"]) {
    await page.goto("/login");
    await page.locator('input[name="returnTo"]').evaluate((el, value) => ((el as HTMLInputElement).value = value), returnTo);
    await page.getByLabel("Language").selectOption("fr");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Se connecter");
    expect(new URL(page.url()).host, JSON.stringify(returnTo)).toBe(new URL(baseURL).host);
    await page.getByLabel("Langue").selectOption("en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Log in");
  }
  await context.close();
});

test.describe("history", () => {
  let history: string;
  test.beforeEach(() => {
    history = `/telecom/sms/${ACCOUNT}/history`;
  });

  test("out-of-range query values give a translated message on the page, not an error page", async ({ page }) => {
    for (const [query, message] of [
      ["before=9999999999999999999", "This page link is not valid"],
      ["before=0x10", "This page link is not valid"],
      ["from=0000-01-01", "Choose dates between 2000-01-01 and 2099-12-31."],
      ["to=9999-12-31", "Choose dates between 2000-01-01 and 2099-12-31."],
      ["to=2026-01-01%00", "Enter dates as year-month-day"],
    ] as const) {
      const res = await page.goto(`${history}?${query}`);
      expect(res?.status(), query).toBeLessThan(400);
      await expect(page.getByTestId("history-error"), query).toContainText(message);
      await expect(page.getByRole("heading", { name: "Something went wrong" })).toHaveCount(0);
    }
  });

  test("the export answers 400 at once for the same values, in the user's language", async ({ page, browser, signIn }) => {
    for (const query of ["to=9999-12-31", "from=0000-01-01", "from=1999-12-31", "kind=refund", "from=2026-02-30"]) {
      const started = Date.now();
      const res = await page.request.get(`${history}/export?${query}`, { timeout: 5000 });
      expect(res.status(), query).toBe(400);
      expect(Date.now() - started).toBeLessThan(5000);
    }
    expect(await (await page.request.get(`${history}/export?to=9999-12-31`)).text()).toBe("Choose dates between 2000-01-01 and 2099-12-31.");
    const fr = await browser.newContext();
    await signIn(french.admin, fr);
    const res = await fr.request.get(`/telecom/sms/${french.sms[0]}/history/export?to=9999-12-31`, { timeout: 5000 });
    expect(res.status()).toBe(400);
    expect(await res.text()).toBe("Choisissez des dates entre le 2000-01-01 et le 2099-12-31.");
    await fr.close();
    const ok = await page.request.get(`${history}/export?from=2000-01-01&to=2099-12-31`, { timeout: 5000 });
    expect(ok.status()).toBe(200);
  });
});

test.describe("API", () => {
  type Keys = { appKey: string; appSecret: string; consumerKey: string };
  let keys: Keys;

  const signed = (method: string, path: string, body = "") => {
    const timestamp = Math.floor(Date.now() / 1000);
    return {
      "X-Ovh-Application": keys.appKey,
      "X-Ovh-Consumer": keys.consumerKey,
      "X-Ovh-Timestamp": String(timestamp),
      "X-Ovh-Signature": computeSignature({ applicationSecret: keys.appSecret, consumerKey: keys.consumerKey, method, url: `${baseURL}/1.0${path}`, body, timestamp }),
      "Content-Type": "application/json",
    };
  };
  const call = (request: APIRequestContext, method: string, path: string, body?: unknown) => {
    const raw = body === undefined ? "" : JSON.stringify(body);
    return request.fetch(`/1.0${path}`, { method, data: raw || undefined, headers: signed(method, path, raw) });
  };

  test.beforeAll(async ({ browser, db }) => {
    const context = await browser.newContext();
    await signInAs(db, context, customer.admin);
    const page = await context.newPage();
    await page.goto("/account/api");
    await page.getByLabel("Application name").fill("Input checks");
    await page.getByRole("button", { name: "Create" }).click();
    const appKey = (await page.getByTestId("app-key").textContent())!.trim();
    const appSecret = (await page.getByTestId("app-secret").textContent())!.trim();
    const res = await page.request.post("/1.0/auth/credential", {
      headers: { "X-Ovh-Application": appKey, "Content-Type": "application/json" },
      data: JSON.stringify({ accessRules: [{ method: "GET", path: "/*" }, { method: "POST", path: "/*" }, { method: "PUT", path: "/*" }] }),
    });
    const credential = await res.json();
    keys = { appKey, appSecret, consumerKey: credential.consumerKey };
    await page.goto(credential.validationUrl);
    await page.getByLabel("Validity").selectOption("1d");
    await page.getByRole("button", { name: "Grant access" }).click();
    await expect(page.getByTestId("credential-decided")).toBeVisible();
    await context.close();
  });

  test("a NUL in the path, the query or the body is a 400, and nothing changes", async ({ request }) => {
    const balance = async () => (await (await call(request, "GET", `/sms/${ACCOUNT}`)).json()).creditsLeft;
    const before = await balance();
    for (const path of [`/sms/${ACCOUNT}%00`, `/sms/${ACCOUNT}/outgoing/1%00`]) {
      const res = await call(request, "GET", path);
      expect(res.status(), path).toBe(400);
      expect(await res.json()).toMatchObject({ class: "Client::BadRequest", message: "The path contains a NUL character, which is not allowed." });
    }
    const query = await request.get("/1.0/sms/rates/destinations?country=%00");
    expect(query.status()).toBe(400);
    for (const body of [
      { credits: 1, smsAccountTarget: `${OTHER}\u0000` },
      { credits: 1, smsAccountTarget: OTHER, reference: "\u0000" },
    ]) {
      const res = await call(request, "POST", `/sms/${ACCOUNT}/transferCredits`, body);
      expect(res.status()).toBe(400);
      expect((await res.json()).message).toBe("The body contains a NUL character, which is not allowed.");
    }
    const put = await call(request, "PUT", `/sms/${ACCOUNT}`, { description: "a\u0000b" });
    expect(put.status()).toBe(400);
    expect(await balance()).toBe(before);
  });

  test("numbers must be JSON numbers and ids canonical: [100], \"10\" are refused; a huge id is not found", async ({ request }) => {
    const orders = await call(request, "POST", `/order/sms/${ACCOUNT}/credits`, { quantity: [100] });
    expect(orders.status()).toBe(400);
    expect((await orders.json()).message).toBe("quantity must be a number.");
    const transfer = await call(request, "POST", `/sms/${ACCOUNT}/transferCredits`, { credits: "10", smsAccountTarget: OTHER });
    expect(transfer.status()).toBe(400);
    expect((await transfer.json()).message).toBe("credits must be a number.");
    for (const id of ["1000000000000", "99999999999999999999", "0x10", "05"]) {
      expect((await call(request, "GET", `/sms/${ACCOUNT}/outgoing/${id}`)).status(), id).toBe(404);
    }
    expect((await (await call(request, "GET", `/sms/${ACCOUNT}`)).json()).creditsLeft).toBe(100);
  });

  test("a 2 MB body is refused with 413 before any check, in OVHcloud's error shape", async ({ request }) => {
    const res = await request.post(`/1.0/sms/${ACCOUNT}/transferCredits`, { headers: { "Content-Type": "application/json" }, data: Buffer.alloc(2 * 1024 * 1024, 0x20) });
    expect(res.status()).toBe(413);
    expect(await res.json()).toMatchObject({ class: "Client::RequestEntityTooLarge" });
  });

  /** Sends a body slowly (64 KB every 20 ms) until the server answers; resolves with the status and the bytes sent. */
  function slowPost(headers: Record<string, string>, total: number): Promise<{ status: number; sent: number; body: string }> {
    return new Promise((resolve, reject) => {
      const url = new URL(`/1.0/sms/${ACCOUNT}/transferCredits`, baseURL);
      let sent = 0;
      const req = http.request(url, { method: "POST", headers: { "content-type": "application/json", ...headers } }, (res) => {
        clearInterval(timer);
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, sent, body });
        });
      });
      req.on("error", (error) => (sent > 0 ? undefined : reject(error)));
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const timer = setInterval(() => {
        if (sent >= total) {
          clearInterval(timer);
          req.end();
          return;
        }
        req.write(chunk);
        sent += chunk.length;
      }, 20);
    });
  }

  test("a 100 MB body announced by Content-Length is refused at once, without reading it", async () => {
    const result = await slowPost({ "content-length": String(100 * 1024 * 1024) }, 100 * 1024 * 1024);
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toMatchObject({ class: "Client::RequestEntityTooLarge" });
    expect(result.sent).toBeLessThan(5 * 1024 * 1024);
  });

  test("a body sent in chunks without a length is cut off at the cap", async () => {
    const result = await slowPost({ "transfer-encoding": "chunked" }, 100 * 1024 * 1024);
    expect(result.status).toBe(413);
    expect(result.sent).toBeLessThan(5 * 1024 * 1024);
  });
});
