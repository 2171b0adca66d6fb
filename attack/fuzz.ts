import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { actionsOfBuild, api, callAction, type Session } from "./clients";
import type { Context } from "./context";
import { multipart, request } from "./http";
import { findAction, fixtures } from "./matrix";
import { count, record } from "./stats";
import { ACTIONS, ENDPOINTS, kept } from "./targets";

/**
 * Hostile input for every server action and API endpoint, generated with fast-check: NUL bytes, huge strings,
 * numbers in odd spellings, arrays where a scalar is expected, unicode, CR/LF/tab, path traversal, 2 MB bodies.
 * Nothing may answer 5xx or hang; a strict field (an id, an amount) holding anything but a canonical number, or any
 * field holding a NUL byte, must change nothing.
 */
const PART = "fuzz";

const ODD_NUMBERS = ["0x10", "1e309", "1000000000000", "-0", " 5 ", "+5", "5.", "1e2", "0b101", "Infinity", "NaN", "9999999999999999999", "-1", "0", "1.005", "٥"];
const NASTY = ["\u0000", "a\u0000b", "\r\n", "x\r\nSet-Cookie: a=b", "\t", "\u3000", "\u202e", "\ud800", "💥", "../../../../etc/passwd", "..%2F..%2Fetc", "%00", "' or 1=1 --", "<script>alert(1)</script>", "{{7*7}}", "${7*7}"];

const ISSUE_NUMBERS = ["0x10", "1e309", "1000000000000", "-0", " 5 ", "+5", "5."];
const REDIRECTS = ["/\t/evil.example", "/\r/evil.example", "/\n/evil.example", "/\u3000/evil.example", "//evil.example", "/\\evil.example", "https://evil.example"];

const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...ODD_NUMBERS, ...NASTY),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom("\u0000", "\r\n", "\t", "\u3000", "\u202e", "\n"), fc.string({ maxLength: 8 })).map(([x, c, y]) => `${x}${c}${y}`),
  fc.integer({ min: 1_000, max: 300_000 }).map((n) => "A".repeat(n)),
  fc.oneof(fc.integer(), fc.double(), fc.bigInt()).map(String),
);

/** A JSON value where the API expects something else: raw JSON text, so that 1e309 and -0 go out as written. */
const hostileJson: fc.Arbitrary<string> = fc.oneof(
  hostileText.map((s) => JSON.stringify(s)),
  fc.constantFrom("1e309", "-0", "1000000000000", "0.000001", "-1", "[100]", "[]", "{}", "null", "true", '"5"', "1.5e3", "9007199254740993"),
  fc.array(fc.integer(), { maxLength: 3 }).map((x) => JSON.stringify(x)),
);

/** Percent-encodes for a URL; a lone surrogate (which no URL can carry) becomes U+FFFD first. */
const enc = (s: string) => encodeURIComponent(s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD"));

/** A server component's error, as Next.js serialises it into the page (the error boundary then shows it). */
const SERVER_ERROR = /data-dgst|\\?"digest\\?":/;

const hasNul = (s: string) => s.includes("\u0000") || /%00/.test(s);
const canonicalId = (s: string) => /^[1-9]\d{0,8}$/.test(s);
/** Amounts as a person types them (1, 1.5, 1,5, 1 000) — not hex, binary, exponents, infinities or a trailing dot. */
/** A JSON number text whose value is finite with at most 2 decimals. */
function isPlainAmount(text: string): boolean {
  if (!/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) return false;
  const value = Number(text);
  return Number.isFinite(value) && /^-?\d+(\.\d{1,2})?$/.test(String(value));
}
const oddAmount = (s: string) => /0x|0b|\d[eE]|Infinity|NaN|[\u0000-\u0008\u000e-\u001f]/.test(s);

export async function runFuzz(ctx: Context, admin: Session) {
  const runs = ctx.short ? 2 : 16;
  // An answer slower than this is a hang (the data here is small: every page answers in well under a second).
  const hangMs = ctx.short ? 5_000 : 10_000;
  const seed = Number(process.env.ATTACK_SEED ?? Date.now() % 1_000_000);
  ctx.log(`fuzz seed ${seed} (ATTACK_SEED=${seed} repeats it)`);
  const sample = <T>(arb: fc.Arbitrary<T>, n: number, salt: number) => fc.sample(arb, { numRuns: n, seed: seed + salt });
  const fx = fixtures(ctx);
  const actions = actionsOfBuild();

  // Server actions: each field in turn replaced by hostile values; and one 2 MB body each.
  let salt = 0;
  for (const spec of ACTIONS) {
    const action = findAction(actions, spec.name);
    if (!action || spec.name === "logout") continue;
    const page = await spec.page(ctx);
    const base = await spec.fields(ctx, fx);
    for (const [field] of base) {
      const values = [
        ...sample(hostileText, runs, salt++),
        "a\u0000b",
        ...(spec.strict?.[field] ? (ctx.short ? ISSUE_NUMBERS : ODD_NUMBERS) : []),
        ...(field === "returnTo" ? REDIRECTS : []),
      ];
      for (const value of values) {
        // A repeated field name is how a form sends a list: half the time, send the value twice.
        const fresh = await spec.fields(ctx, fx);
        const fields: Array<[string, string]> = fresh.flatMap(([k, v]) => (k === field ? (value.length % 2 ? [[k, value], [k, value]] : [[k, value]]) : [[k, v]]) as Array<[string, string]>);
        const strict = spec.strict?.[field];
        const mustRefuse = hasNul(value) || (strict === "id" && !canonicalId(value)) || (strict === "amount" && oddAmount(value));
        // The state is compared only where nothing may change (a fingerprint costs two queries).
        const before = mustRefuse ? await ctx.checks.fingerprint() : "";
        const out = await callAction(ctx.target, spec.anonymous ? null : admin, action, page, fields, { plainForm: spec.plainForm, timeoutMs: 20_000 });
        record(PART, `action ${spec.name} ${field}=${JSON.stringify(value.slice(0, 30))}`, out.res, "alpha", kept(out.ok));
        if (mustRefuse && (out.ok === true || (await ctx.checks.fingerprint()) !== before)) {
          count(PART, "unexpected changes", `action ${spec.name} accepted ${field}=${JSON.stringify(value.slice(0, 30))}`);
        }
        if (spec.name === "changeLocale" && field === "returnTo") checkRedirect(ctx, out.res.headers["x-action-redirect"], value);
      }
    }
    const huge = multipart([...base.map(([k, v]) => [`_1_${k}`, v] as [string, string]), ["_1_filler", "x".repeat(2 * 1024 * 1024)], ["0", spec.plainForm ? '["$K1"]' : '[{},"$K1"]']]);
    const big = await callAction(ctx.target, spec.anonymous ? null : admin, action, page, [], { rawBody: huge, timeoutMs: 30_000 });
    record(PART, `action ${spec.name} with a 2 MB body`, big.res, "alpha", kept(big.ok));
    if (big.res.status !== 413 && big.res.status < 500 && big.res.status !== -1) count(PART, "wrong answers", `action ${spec.name} with a 2 MB body → ${big.res.status}, not 413`);
  }

  // A cross-origin action post: the browser of a visitor of another site, carrying the victim's cookie.
  const transfer = findAction(actions, "transferAction");
  if (transfer) {
    const spec = ACTIONS.find((s) => s.name === "transferAction")!;
    const before = await ctx.checks.fingerprint();
    const out = await callAction(ctx.target, admin, transfer, await spec.page(ctx), await spec.fields(ctx, fx), { origin: "https://evil.example" });
    record(PART, "cross-origin action", out.res, "alpha");
    if ((await ctx.checks.fingerprint()) !== before || out.ok === true) count(PART, "unexpected changes", "a cross-origin action post was carried out");
    else if (out.res.status !== 403 && out.res.status < 500) count(PART, "wrong answers", `a cross-origin action post → ${out.res.status}, not 403`);
  }

  // Pages and exports with hostile query parameters and paths.
  const acct = ctx.world.alpha.accounts[0]!;
  const queries = [
    "before=9999999999999999999", "from=0000-01-01", "to=9999-12-31", "from=2026-13-45", "kind=%00", "before=-1", "before=0x10",
    ...sample(hostileText.filter((s) => s.length < 200), runs, salt++).map((s) => `from=${enc(s)}`),
  ];
  for (const q of queries) {
    for (const path of [`/telecom/sms/${acct}/history?${q}`, `/telecom/sms/${acct}/history/export?${q}`, `/telecom/sms/${acct}/transfer/export?${q}`]) {
      const res = await request({ url: `${ctx.target.origin}${path}`, headers: { cookie: admin.cookie }, timeoutMs: hangMs });
      record(PART, `GET ${path.slice(0, 90)}`, res, "alpha");
      // A bad filter is the user's mistake: a 4xx (or the page, showing the error, with its 4xx) — not the error
      // page with 200. That page is recognised by the digest of the server error it carries.
      if (res.status === 200 && SERVER_ERROR.test(res.body)) count(PART, "wrong answers", `GET ${path} → an error page with status 200`);
    }
  }
  for (const p of sample(hostileText.filter((s) => s.length < 300), runs * 2, salt++)) {
    for (const path of [`/telecom/sms/${enc(p)}`, `/billing/orders/${enc(p)}`, `/telecom/sms/${enc(p)}/history/export`]) {
      const res = await request({ url: `${ctx.target.origin}${path}`, headers: { cookie: admin.cookie }, timeoutMs: 20_000 });
      record(PART, `GET ${path.slice(0, 90)}`, res, "alpha");
    }
  }
  for (const path of ["/billing/orders/1000000000000", "/billing/orders/0x10", "/telecom/sms/..%2F..%2Fetc%2Fpasswd", "/telecom/sms/%00", "/telecom/sms/a%00b/transfer"]) {
    const res = await request({ url: `${ctx.target.origin}${path}`, headers: { cookie: admin.cookie }, timeoutMs: 20_000 });
    record(PART, `GET ${path}`, res, "alpha");
  }

  // The API: each JSON field and each path parameter in turn.
  const keys = ctx.world.principals.find((p) => p.id === "alpha-admin")!.api;
  for (const ep of ENDPOINTS) {
    if (ep.body) {
      for (const field of Object.keys(ep.body(ctx))) {
        for (const value of [...sample(hostileJson, runs, salt++), JSON.stringify("a\u0000b"), ...(ep.strict?.[field] ? ["1e309", "-0", "[100]", '"5"', "1000000000000", '"0x10"'] : [])]) {
          const body = ep.body(ctx);
          const marker = `__fuzz_${randomUUID()}__`;
          body[field] = marker;
          const text = JSON.stringify(body).replace(`"${marker}"`, value);
          // A JSON number (-0 is zero, 1.5e3 is 1500) of at most 2 decimals; not a string, an array, an object or an
          // overflow like 1e309.
          const strictBad = ep.strict?.[field] === "number" && !isPlainAmount(value);
          const mustRefuse = strictBad || hasNul(value) || value.includes("\\u0000");
          const before = mustRefuse ? await ctx.checks.fingerprint() : "";
          const res = await api({ base: ctx.target.origin }, keys, ep.method, ep.path(ctx), text, { timeoutMs: 20_000 });
          record(PART, `${ep.method} ${ep.path(ctx)} ${field}=${value.slice(0, 30)}`, res, "alpha");
          if (mustRefuse && ((res.status >= 200 && res.status < 300) || (await ctx.checks.fingerprint()) !== before)) {
            count(PART, "unexpected changes", `${ep.method} /1.0${ep.path(ctx)} accepted ${field}=${value.slice(0, 30)}`);
          }
        }
      }
      const huge = JSON.stringify({ ...ep.body(ctx), filler: "x".repeat(2 * 1024 * 1024) });
      // Signed, a large body may be legitimate (a long list of receivers): it must only not break anything.
      const res = await api({ base: ctx.target.origin }, keys, ep.method, ep.path(ctx), huge, { timeoutMs: 30_000 });
      record(PART, `${ep.method} ${ep.path(ctx)} with a 2 MB body`, res, "alpha");
    }
    if (ep.tenantScoped) {
      for (const p of [...sample(hostileText.filter((s) => s.length < 300), runs, salt++), "..", "../../etc/passwd", "\u0000", "sms-x\u0000"]) {
        const path = ep.path(ctx).replace(acct, enc(p));
        const res = await api({ base: ctx.target.origin }, keys, ep.method, path, ep.body ? JSON.stringify(ep.body(ctx)) : undefined, { timeoutMs: 20_000 });
        record(PART, `${ep.method} /1.0${path.slice(0, 80)}`, res, "alpha");
      }
    }
  }
  // An unauthenticated 2 MB API body: refused before it is read (413), or at least refused.
  const anon = await request({ url: `${ctx.target.origin}/1.0/sms/${acct}/transferCredits`, method: "POST", headers: { "content-type": "application/json" }, body: "x".repeat(2 * 1024 * 1024), timeoutMs: 30_000 });
  record(PART, "unauthenticated 2 MB API body", anon, null);
  if (![400, 401, 403, 413].includes(anon.status) && anon.status < 500 && anon.status !== -1) count(PART, "wrong answers", `an unauthenticated 2 MB API body → ${anon.status}`);
}

/** A language change returns to `returnTo`: only a path of this site, whatever its spelling. */
function checkRedirect(ctx: Context, header: string | string[] | undefined, value: string) {
  if (typeof header !== "string") return;
  const target = header.replace(/;(push|replace)$/, "");
  const origin = new URL(ctx.target.origin);
  // Resolved as a browser resolves it (the URL parser drops tabs and newlines).
  const resolved = new URL(target, origin);
  if (resolved.origin !== origin.origin) count(PART, "wrong answers", `returnTo=${JSON.stringify(value.slice(0, 30))} redirects off-site to ${resolved.origin}`);
}
