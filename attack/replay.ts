import { randomUUID } from "node:crypto";
import { actionsOfBuild, api, callAction, signedHeaders, type Session } from "./clients";
import type { Context } from "./context";
import { request } from "./http";
import { findAction } from "./matrix";
import { count, record } from "./stats";

/**
 * Replays: a captured signed transfer sent again within the signature's window, the same Idempotency-Key sent
 * again (one after another and all at once, on both instances), and the panel's form token posted twice. Each
 * operation must happen once.
 */
const PART = "replays";

export async function runReplays(ctx: Context, admin: Session) {
  const keys = ctx.world.principals.find((p) => p.id === "alpha-admin")!.api;
  const [source, target] = ctx.world.alpha.accounts;
  const path = `/sms/${source}/transferCredits`;
  const rounds = ctx.short ? 2 : 5;

  const expectOnce = async (reference: string, what: string) => {
    const n = await ctx.checks.transfersWithReference(reference);
    if (n > 1) count(PART, "unexpected changes", `${what}: ${n} transfers made`, n - 1);
    if (n === 0) count(PART, "wrong answers", `${what}: no transfer made at all`);
  };

  for (let round = 0; round < rounds; round++) {
    // 1. A signed POST without Idempotency-Key, captured and sent three times (alternating instances via the proxy).
    const reference = `replay-${randomUUID()}`;
    const body = JSON.stringify({ credits: 1, smsAccountTarget: target, reference });
    const url = `${ctx.target.origin}/1.0${path}`;
    const headers = signedHeaders(keys, "POST", url, body);
    for (let i = 0; i < 3; i++) {
      const res = await request({ url, method: "POST", headers, body });
      record(PART, "captured signed transfer sent again", res, "alpha");
    }
    await expectOnce(reference, "one signed transfer sent 3 times within the window");

    // 2. The same Idempotency-Key three times in a row, then five at once.
    for (const concurrent of [false, true]) {
      const ref = `idem-${randomUUID()}`;
      const key = randomUUID();
      const b = JSON.stringify({ credits: 1, smsAccountTarget: target, reference: ref });
      const send = () => api({ base: ctx.target.origin }, keys, "POST", path, b, { idempotencyKey: key });
      const answers = concurrent ? await Promise.all(Array.from({ length: 5 }, send)) : [await send(), await send(), await send()];
      for (const res of answers) record(PART, `same Idempotency-Key ${concurrent ? "at once" : "in a row"}`, res, "alpha");
      await expectOnce(ref, `one Idempotency-Key sent ${concurrent ? "5 times at once" : "3 times in a row"}`);
    }

    // 3. The panel's transfer form posted twice with its token (a double click), then once more later.
    const transfer = findAction(actionsOfBuild(), "transferAction");
    if (transfer) {
      const ref = `form-${randomUUID()}`;
      const fields: Array<[string, string]> = [["source", source!], ["target", target!], ["amount", "1"], ["reference", ref], ["token", randomUUID()]];
      const page = `/telecom/sms/${source}/transfer`;
      const outs = await Promise.all([callAction(ctx.target, admin, transfer, page, fields), callAction(ctx.target, admin, transfer, page, fields)]);
      outs.push(await callAction(ctx.target, admin, transfer, page, fields));
      for (const o of outs) record(PART, "transfer form posted again with its token", o.res, "alpha");
      await expectOnce(ref, "one transfer form token posted 3 times");
    }
  }
}
