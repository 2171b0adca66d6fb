import { describe, expect, it } from "vitest";
import { nulInRequest, readLimitedBody } from "@/lib/api/body";
import { orderBody, parseJsonBody, sendBody, transferBody, updateSmsBody } from "@/lib/api/bodies";
import { csvResponse } from "@/lib/credits/csv";
import { HISTORY_DATE_MAX, parseHistoryQuery } from "@/lib/credits/history";
import { ACTION_BODY_LIMIT_BYTES, actionRequestRefusal, chunkedActionRefusal } from "@/lib/http/action-guard";
import { safeRedirectPath } from "@/lib/http/safe-redirect";
import { bigId, id, text } from "@/lib/validation/common";
import { buyForm, descriptionForm, idForm, transferForm } from "@/lib/validation/forms";

describe("canonical ids", () => {
  it.each([
    ["1", 1],
    ["42", 42],
    ["2147483647", 2147483647],
  ])("accepts %j", (input, value) => {
    expect(id().safeParse(input)).toEqual({ success: true, data: value });
  });

  it.each(["0x10", " 5 ", "+5", "5.", "5.0", "1e3", "05", "0", "-1", "", "1000000000000", "2147483648", "99999999999999999999", "５", "\u00005", "Infinity", "NaN"])(
    "refuses %j",
    (input) => {
      expect(id().safeParse(input).success).toBe(false);
    },
  );

  it.each([5, [5], null, undefined, { id: 5 }])("refuses a non-string %j", (input) => {
    expect(id().safeParse(input).success).toBe(false);
  });

  it("reads bigint ids up to int8", () => {
    expect(bigId().safeParse("9223372036854775807")).toEqual({ success: true, data: 9223372036854775807n });
    expect(bigId().safeParse("9223372036854775808").success).toBe(false);
    expect(bigId().safeParse("9999999999999999999").success).toBe(false);
  });
});

describe("text without NUL", () => {
  it.each([["a\u0000b"], ["\u0000"], ["x".repeat(10) + "\u0000"]])("refuses %j with the NUL message", (input) => {
    const result = text().safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("validation.nul");
  });
  it("accepts any other text, control characters included", () => {
    expect(text().safeParse("tab\tline\nunicode ✓ \u3000").success).toBe(true);
  });
});

describe("action forms", () => {
  const transfer = { source: "sms-a", target: "sms-b", amount: "12.5", reference: "", token: "12345678-token" };
  it.each([
    ["a NUL in the reference", { ...transfer, reference: "x\u0000" }, "reference"],
    ["a NUL in the amount", { ...transfer, amount: "1\u0000" }, "amount"],
    ["a NUL in the source", { ...transfer, source: "sms-a\u0000" }, "source"],
    ["a megabyte amount", { ...transfer, amount: "1".repeat(1_000_000) }, "amount"],
  ])("transfer refuses %s", (_name, input, field) => {
    const result = transferForm.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([field]);
  });

  it.each(["0x10", " 5 ", "+5", "5.", "1e3", "1000000000000"])("id forms refuse %j", (value) => {
    expect(idForm.safeParse({ id: value }).success).toBe(false);
    expect(buyForm.safeParse({ serviceName: "sms-a", quantity: "100", paymentMethodId: value, token: "12345678" }).error?.issues[0]?.message).toBe(
      "validation.choosePaymentMethod",
    );
  });

  it("a description with NUL is refused, a plain one kept", () => {
    expect(descriptionForm.safeParse({ serviceName: "sms-a", description: "a\u0000" }).success).toBe(false);
    expect(descriptionForm.parse({ serviceName: "sms-a", description: "Campaigns" })).toEqual({ serviceName: "sms-a", description: "Campaigns" });
  });
});

describe("API bodies", () => {
  it.each([
    [{ credits: [100], smsAccountTarget: "sms-b" }, "credits must be a number."],
    [{ credits: "100", smsAccountTarget: "sms-b" }, "credits must be a number."],
    [{ credits: 1, smsAccountTarget: ["sms-b"] }, "smsAccountTarget must be a string."],
    [{ credits: 1, smsAccountTarget: "sms-b\u0000" }, "smsAccountTarget: This text contains a character that is not allowed (NUL)."],
    [[1], "The body must be a JSON object."],
  ])("transfer refuses %j", (body, message) => {
    expect(parseJsonBody(transferBody, body)).toEqual({ ok: false, message });
  });
  it("transfer reads a JSON number", () => {
    expect(parseJsonBody(transferBody, { credits: 12.5, smsAccountTarget: "sms-b" })).toEqual({ ok: true, value: { credits: 12.5, smsAccountTarget: "sms-b" } });
  });
  it.each([[[100]], ["100"], [null], [{}]])("an order refuses the quantity %j", (quantity) => {
    expect(parseJsonBody(orderBody, { quantity })).toMatchObject({ ok: false, message: "quantity must be a number." });
  });
  it("a send refuses a NUL in a receiver and a non-list", () => {
    expect(parseJsonBody(sendBody, { message: "hi", receivers: ["+4407\u0000"] })).toMatchObject({ ok: false });
    expect(parseJsonBody(sendBody, { message: "hi", receivers: "+447700900000" })).toEqual({ ok: false, message: "receivers must be a list of phone numbers." });
  });
  it("PUT /sms keeps null apart from absent", () => {
    expect(parseJsonBody(updateSmsBody, { automaticRecreditAmount: null })).toEqual({ ok: true, value: { automaticRecreditAmount: null } });
    expect(parseJsonBody(updateSmsBody, { creditThresholdForAutomaticRecredit: "5" })).toMatchObject({ ok: false });
  });
});

describe("API request reading", () => {
  const url = (path: string) => new URL(`http://localhost/1.0${path}`);
  it.each([
    ["/sms/sms%00x", "", "path"],
    ["/sms/rates/destinations?country=%00", "", "query"],
    ["/sms/x/transferCredits", JSON.stringify({ smsAccountTarget: "a\u0000" }), "body"],
    ["/sms/x/jobs", JSON.stringify({ receivers: ["a", "b\u0000"] }), "body"],
    ["/sms/x/jobs", JSON.stringify({ ["k\u0000"]: 1 }), "body"],
    ["/sms/x", JSON.stringify({ description: "fine" }), null],
    ["/sms/x", "not json \u0000", null],
  ])("%s %j → %s", (path, body, where) => {
    expect(nulInRequest(url(path), body)).toBe(where);
  });

  it("refuses a body whose Content-Length passes the cap without reading it", async () => {
    let pulled = 0;
    const body = new ReadableStream({ pull: (c) => { pulled++; c.enqueue(new Uint8Array(1024)); } });
    const request = new Request("http://localhost/1.0/x", { method: "POST", body, headers: { "content-length": String(100 * 1024 * 1024) }, duplex: "half" } as RequestInit);
    expect(await readLimitedBody(request, 64 * 1024)).toEqual({ ok: false });
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it("stops reading an endless body without a length at the cap", async () => {
    let sent = 0;
    const body = new ReadableStream({ pull: (c) => { sent += 16 * 1024; c.enqueue(new Uint8Array(16 * 1024)); } });
    const request = new Request("http://localhost/1.0/x", { method: "POST", body, duplex: "half" } as RequestInit);
    expect(await readLimitedBody(request, 64 * 1024)).toEqual({ ok: false });
    expect(sent).toBeLessThan(200 * 1024);
  });

  it("reads a body within the cap as text", async () => {
    const request = new Request("http://localhost/1.0/x", { method: "POST", body: JSON.stringify({ a: "é" }) });
    expect(await readLimitedBody(request, 64 * 1024)).toEqual({ ok: true, text: '{"a":"é"}' });
  });
});

describe("redirect targets", () => {
  it.each(["/telecom/sms", "/telecom/sms/sms-a/history?from=2026-01-01&kind=purchase", "/a%20b", "/billing/orders#x"])("follows %j", (path) => {
    expect(safeRedirectPath(path)).toBe(path);
  });
  it.each([
    "//evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "/\r\n/evil.example",
    "/\n/evil.example",
    "/\u3000/evil.example",
    "/\u00a0x",
    "/x\u0000",
    "https://evil.example/",
    "javascript:alert(1)",
    "telecom/sms",
    "",
    " /telecom/sms",
    "/x\\y",
  ])("refuses %j", (path) => {
    expect(safeRedirectPath(path)).toBe("/telecom/sms");
  });
  it("refuses what is not text", () => {
    expect(safeRedirectPath(null)).toBe("/telecom/sms");
    expect(safeRedirectPath(["/a"], "")).toBe("");
  });
});

describe("history query", () => {
  it.each([
    [{ before: "9999999999999999999" }, "invalid_before"],
    [{ before: "0x10" }, "invalid_before"],
    [{ before: "12\u0000" }, "invalid_before"],
    [{ from: "0000-01-01" }, "date_out_of_range"],
    [{ to: "9999-12-31" }, "date_out_of_range"],
    [{ from: "1999-12-31" }, "date_out_of_range"],
    [{ from: "2026-02-30" }, "invalid_date"],
    [{ from: "2026-1-1" }, "invalid_date"],
    [{ to: "2026-01-01\u0000" }, "invalid_date"],
    [{ kind: "refund" }, "invalid_kind"],
    [{ from: "2026-11-30", to: "2026-11-01" }, "date_range"],
  ])("refuses %j (%s)", (query, error) => {
    expect(parseHistoryQuery(query)).toMatchObject({ ok: false, error });
  });
  it("reads a full query, blank fields as absent", () => {
    expect(parseHistoryQuery({ kind: "purchase", from: "2026-11-01", to: HISTORY_DATE_MAX, before: "9223372036854775807" })).toEqual({
      ok: true,
      filter: { kinds: ["purchase"], from: new Date("2026-11-01T00:00:00Z"), to: new Date("2100-01-01T00:00:00Z") },
      beforeId: 9223372036854775807n,
    });
    expect(parseHistoryQuery({ kind: "", from: "", to: null, before: "" })).toEqual({ ok: true, filter: {} });
  });
});

describe("server action front door", () => {
  const action = (headers: Record<string, string>) => new Headers({ "next-action": "abc", "content-type": "text/plain;charset=UTF-8", host: "localhost:3000", ...headers });
  it.each([
    ["same origin", action({ origin: "http://localhost:3000", "content-length": "100" }), null],
    ["no origin (not a browser)", action({ "content-length": "100" }), null],
    ["another site", action({ origin: "https://evil.example", "content-length": "100" }), 403],
    ["another port", action({ origin: "http://localhost:4000" }), 403],
    ["an opaque origin", action({ origin: "null" }), 403],
    ["a malformed origin", action({ origin: "::::" }), 403],
    ["a proxy's host, addressed by the browser", action({ origin: "https://panel.example.com", "x-forwarded-host": "panel.example.com" }), null],
    ["another site behind a proxy", action({ origin: "https://evil.example", "x-forwarded-host": "panel.example.com" }), 403],
    ["the inner host behind a proxy", action({ origin: "http://localhost:3000", "x-forwarded-host": "panel.example.com" }), 403],
    ["2 MB", action({ origin: "http://localhost:3000", "content-length": String(2 * 1024 * 1024) }), 413],
    ["just over the limit", action({ origin: "http://localhost:3000", "content-length": String(ACTION_BODY_LIMIT_BYTES + 1) }), 413],
    ["a form post of 2 MB", new Headers({ "content-type": "multipart/form-data; boundary=x", host: "localhost:3000", "content-length": String(2 * 1024 * 1024) }), 413],
  ])("%s", (_name, headers, status) => {
    expect(actionRequestRefusal("POST", headers)?.status ?? null).toBe(status);
  });
  it("counts the bytes of an action sent without a length", async () => {
    const post = (size: number) =>
      new Request("http://localhost:3000/x", { method: "POST", headers: { "next-action": "abc" }, body: new ReadableStream({ start(c) { c.enqueue(new Uint8Array(size)); c.close(); } }), duplex: "half" } as RequestInit);
    expect(await chunkedActionRefusal(post(2 * 1024 * 1024))).toEqual({ status: 413, reason: "tooLarge" });
    expect(await chunkedActionRefusal(post(1000))).toBeNull();
  });
  it("leaves other requests alone", () => {
    expect(actionRequestRefusal("GET", action({ origin: "https://evil.example" }))).toBeNull();
    expect(actionRequestRefusal("POST", new Headers({ "content-type": "application/json", origin: "https://evil.example", host: "localhost" }))).toBeNull();
  });
});

describe("CSV downloads", () => {
  it("end (with an error) when reading rows fails, instead of never answering", async () => {
    async function* rows() {
      yield ["1"];
      throw new Error("database gone");
    }
    const response = csvResponse("x.csv", ["a"], rows());
    const outcome = await Promise.race([
      response.text().then(() => "ended", () => "ended"),
      new Promise((resolve) => setTimeout(() => resolve("hung"), 2000)),
    ]);
    expect(outcome).toBe("ended");
  });
});
