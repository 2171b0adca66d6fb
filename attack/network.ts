import { randomUUID } from "node:crypto";
import { actionsOfBuild, api, callAction, login, probeSigning } from "./clients";
import type { Context } from "./context";
import { request } from "./http";
import { count, record } from "./stats";

/**
 * The deployment seen from the network: signatures for the URL a client addressed through the TLS proxy, the public
 * URL in what the API hands out, forwarded addresses that only a trusted proxy may set (a consumer key's allowedIPs,
 * the per-address login limit), and the limit on concurrent login guesses across both instances.
 */
const PART = "proxy and addresses";

export async function runNetwork(ctx: Context) {
  const admin = ctx.world.principals.find((p) => p.id === "alpha-admin")!;
  const probe = await probeSigning(ctx.target, admin.api);
  count(PART, "requests", undefined, 4);
  if (!probe.addressedAccepted) {
    count(PART, "wrong answers", `a request signed for the URL the client addressed (${ctx.target.origin}/1.0/…) is refused; the rest of the attack signs for ${probe.used}`);
  }

  // What the API hands out must name the URL clients use, not localhost.
  const credential = await request({
    url: `${ctx.target.origin}/1.0/auth/credential`,
    method: "POST",
    headers: { "content-type": "application/json", "x-ovh-application": admin.api.applicationKey },
    body: JSON.stringify({ accessRules: [{ method: "GET", path: "/sms" }] }),
  });
  record(PART, "POST /1.0/auth/credential", credential, "alpha");
  const validationUrl = /"validationUrl":"([^"]+)"/.exec(credential.body)?.[1] ?? "";
  if (!validationUrl.startsWith(ctx.target.origin)) count(PART, "wrong answers", `validationUrl is ${validationUrl || "(none)"}, not under ${ctx.target.origin}`);
  const openapi = await request({ url: `${ctx.target.origin}/1.0/openapi.json` });
  record(PART, "GET /1.0/openapi.json", openapi, null);
  const server = /"servers":\s*\[\s*\{\s*"url":\s*"([^"]+)"/.exec(openapi.body)?.[1] ?? "";
  if (!server.startsWith(ctx.target.origin)) count(PART, "wrong answers", `OpenAPI servers say ${server || "(none)"}, not ${ctx.target.origin}/1.0`);

  // A consumer key allowed only from 203.0.113.7, used from 127.0.0.3 claiming to be 203.0.113.7 — straight to an
  // instance, and through the proxy.
  for (const [label, base] of [["direct to an instance", ctx.target.direct[0]!], ["through the proxy", ctx.target.origin]] as const) {
    const via = { base, localAddress: "127.0.0.3", headers: { "x-forwarded-for": "203.0.113.7", "x-real-ip": "203.0.113.7" } };
    const read = await api(via, ctx.world.restricted, "GET", "/sms");
    record(PART, `allowedIPs spoof ${label}`, read, "alpha");
    if (read.status === 200) count(PART, "wrong answers", `X-Forwarded-For: 203.0.113.7 ${label} passes a consumer key's allowedIPs (GET /sms → 200)`);
    const reference = `spoof-${randomUUID()}`;
    const body = JSON.stringify({ credits: 1, smsAccountTarget: ctx.world.alpha.accounts[1], reference });
    const write = await api(via, ctx.world.restricted, "POST", `/sms/${ctx.world.alpha.accounts[0]}/transferCredits`, body);
    record(PART, `allowedIPs spoof transfer ${label}`, write, "alpha");
    const made = await ctx.checks.transfersWithReference(reference);
    if (made > 0) count(PART, "unexpected changes", `X-Forwarded-For: 203.0.113.7 ${label}: a transfer by a key restricted to that address was made`, made);
  }

  // The per-address limit (30 failures per 15 minutes): 40 wrong logins of unknown e-mails from one client that
  // claims a new X-Forwarded-For each time.
  let evaluated = 0;
  for (let batch = 0; batch < 4; batch++) {
    const outs = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        login(ctx.target.direct[(batch + i) % 2]!, `nobody-${batch}-${i}-${randomUUID().slice(0, 6)}@attack.test`, "wrong-password", {
          localAddress: "127.0.0.4",
          headers: { "x-forwarded-for": `198.51.100.${batch * 10 + i + 1}` },
        }),
      ),
    );
    for (const o of outs) {
      record(PART, "address-limit guess", o.res, null);
      if (!o.session && !o.throttled && /error=/.test(String(o.res.headers.location ?? ""))) evaluated++;
    }
  }
  if (evaluated > 30) count(PART, "wrong answers", `a spoofed X-Forwarded-For rotates past the per-address login limit: ${evaluated} of 40 wrong logins from one client evaluated (limit 30)`, evaluated - 30);
  ctx.log(`per-address limit: ${evaluated}/40 wrong logins from one spoofing client were evaluated`);
}

/** A session copied before its owner logged out must not load a page afterwards. */
export async function runLogoutCheck(ctx: Context) {
  const billing = ctx.world.principals.find((p) => p.id === "alpha-billing")!;
  const out = await login(ctx.target.origin, billing.email, ctx.world.password);
  record(PART, "login", out.res, "alpha");
  const logout = actionsOfBuild().find((a) => a.name === "logout");
  if (!out.session || !logout) return;
  const bye = await callAction(ctx.target, out.session, logout, "/telecom/sms", [], { plainForm: true });
  record(PART, "logout", bye.res, "alpha");
  const after = await request({ url: `${ctx.target.origin}/telecom/sms`, headers: { cookie: out.session.cookie } });
  record(PART, "page with a session copied before logout", after, "alpha");
  if (after.status === 200) count(PART, "wrong answers", "a session cookie copied before logout still loads pages after it");
}

const RACE = "concurrent login guesses";

/** 60 guesses for one account at once across both instances, one of them right. */
export async function runLoginRace(ctx: Context) {
  const rightIndex = 17;
  // Each guess from its own client address, so that only the per-account limit is in play.
  const outs = await Promise.all(
    Array.from({ length: 60 }, (_, i) =>
      login(ctx.target.direct[i % 2]!, ctx.world.raceEmail, i === rightIndex ? ctx.world.password : `wrong-${i}`, { localAddress: `127.0.1.${i + 1}` }),
    ),
  );
  let wrongEvaluated = 0;
  let throttled = 0;
  let rightIn = false;
  outs.forEach((o, i) => {
    record(RACE, "guess", o.res, null);
    if (i === rightIndex) rightIn = o.session !== null;
    else if (o.throttled) throttled++;
    else if (!o.session && /error=/.test(String(o.res.headers.location ?? ""))) wrongEvaluated++;
  });
  count(RACE, "requests", undefined, 0);
  ctx.log(`login race: ${wrongEvaluated} wrong passwords evaluated, ${throttled} throttled, right password ${rightIn ? "accepted" : "refused"}`);
  if (wrongEvaluated > 5) count(RACE, "wrong answers", `60 simultaneous guesses on two instances: ${wrongEvaluated} wrong passwords evaluated (limit 5), ${throttled} throttled, the right one ${rightIn ? "accepted" : "refused"}`, wrongEvaluated - 5);
}
