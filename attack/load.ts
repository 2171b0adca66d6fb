import { randomInt, randomUUID } from "node:crypto";
import { actionsOfBuild, api, callAction, type ActionRef, type Session } from "./clients";
import type { Context } from "./context";
import type { HttpResponse } from "./http";
import { findAction } from "./matrix";
import { count, isProxyError, record } from "./stats";

/**
 * A load of transfers, sends and purchases, through the panel's actions and the API, each client retrying with the
 * same key as a careful client does — while instances are killed with SIGKILL and restarted, alternately. Every
 * operation remembers whether its client got an acknowledgement; the database is checked against that afterwards.
 */
const PART = "load with kill -9";

export type OpKind = "panel-transfer" | "panel-send" | "panel-buy" | "api-transfer" | "api-send" | "api-buy";
const KINDS: OpKind[] = ["panel-transfer", "panel-send", "panel-buy", "api-transfer", "api-send", "api-buy"];

export type Op = {
  id: string;
  kind: OpKind;
  acked: boolean;
  /** The last answer left the outcome open (no answer, proxy error, "still running", "order pending"). */
  open: boolean;
  lastAnswer: string;
  attempts: number;
  /** Same-key retries sent after an acknowledgement (they must change nothing). */
  echoes: number;
};

type Attempt = { outcome: "acked" | "refused" | "open"; answer: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const STILL_RUNNING = /still running/i;
const ORDER_PENDING = /still waiting for its payment/i;

function classifyApi(res: HttpResponse): Attempt {
  const answer = `${res.status} ${res.body.slice(0, 80)}`;
  if (res.status === 200) return { outcome: "acked", answer };
  if (res.status <= 0 || isProxyError(res) || res.status >= 500 || res.status === 429 || (res.status === 409 && STILL_RUNNING.test(res.body))) return { outcome: "open", answer };
  return { outcome: "refused", answer };
}

export async function runLoad(ctx: Context, admin: Session): Promise<{ ops: Op[]; lastRestart: number; retryOpen: () => Promise<void> }> {
  const actions = actionsOfBuild();
  const act = (name: string) => findAction(actions, name) as ActionRef;
  const keys = ctx.world.principals.find((p) => p.id === "alpha-admin")!.api;
  const accounts = ctx.world.alpha.accounts.slice(0, 3);
  const kills = ctx.short ? 6 : 20;
  // Enough clients that each kill finds requests in flight on the instance it kills.
  const workers = ctx.short ? 16 : 24;
  const ops: Op[] = [];

  async function attempt(op: Op): Promise<Attempt> {
    const n = op.id;
    // A retry sends the same request with the same key: the receiver depends on the operation only.
    const receiverOf = (op: string) => `+4474001${String(10000 + (Number.parseInt(op.slice(-4), 16) % 89999))}`;
    const source = accounts[Number.parseInt(n.slice(-2), 16) % 3]!;
    const target = accounts[(Number.parseInt(n.slice(-2), 16) + 1) % 3]!;
    switch (op.kind) {
      case "panel-transfer":
      case "panel-buy":
      case "panel-send": {
        const [action, page, fields] =
          op.kind === "panel-transfer"
            ? [act("transferAction"), `/telecom/sms/${source}/transfer`, [["source", source], ["target", target], ["amount", "1"], ["reference", `load ${n}`], ["token", n]]]
            : op.kind === "panel-buy"
              ? [act("buyAction"), `/telecom/sms/${source}/buy`, [["serviceName", source], ["quantity", "100"], ["paymentMethodId", String(ctx.world.alpha.paymentMethodIds.card)], ["token", n]]]
              : [act("sendAction"), `/telecom/sms/${source}/send`, [["serviceName", source], ["receivers", receiverOf(n)], ["sender", "Attack"], ["message", `load ${n}`], ["token", n]]];
        const out = await callAction(ctx.target, admin, action, page, fields as Array<[string, string]>, { timeoutMs: 30_000 });
        record(PART, op.kind, out.res, "alpha");
        const answer = `${out.res.status} ${out.ok === null ? "" : `ok=${out.ok} `}${out.message.slice(0, 80)}`;
        if (out.ok === true) return { outcome: "acked", answer };
        if (out.ok === false && !ORDER_PENDING.test(out.message)) return { outcome: "refused", answer };
        return { outcome: "open", answer };
      }
      case "api-transfer":
      case "api-buy":
      case "api-send": {
        const [path, body] =
          op.kind === "api-transfer"
            ? [`/sms/${source}/transferCredits`, { credits: 1, smsAccountTarget: target, reference: `load ${n}` }]
            : op.kind === "api-buy"
              ? [`/order/sms/${source}/credits`, { quantity: 100 }]
              : [`/sms/${source}/jobs`, { message: `load ${n}`, receivers: [receiverOf(n)], sender: "Attack", tag: n }];
        const res = await api({ base: ctx.target.origin }, keys, "POST", path, JSON.stringify(body), { idempotencyKey: n, timeoutMs: 30_000 });
        record(PART, op.kind, res, "alpha");
        return classifyApi(res);
      }
    }
  }

  /** One operation, retried with its key until it is answered for good (bounded: 6 tries). */
  async function run(op: Op) {
    for (let i = 0; i < 6; i++) {
      op.attempts++;
      const a = await attempt(op);
      op.lastAnswer = a.answer;
      op.open = a.outcome === "open";
      if (a.outcome === "acked") {
        op.acked = true;
        // A client that lost the answer retries: now and then, send the acknowledged request once more.
        if (op.kind !== "panel-send" && randomInt(4) === 0) {
          op.echoes++;
          await attempt(op);
        }
        return;
      }
      if (a.outcome === "refused") return;
      // A send from the panel carries no key: its browser cannot know whether it happened, and does not resend.
      if (op.kind === "panel-send") return;
      await sleep(300 * (i + 1));
    }
  }

  let stop = false;
  let seq = 0;
  const loadWorkers = Array.from({ length: workers }, async () => {
    while (!stop) {
      const kind = KINDS[randomInt(KINDS.length)]!;
      const op: Op = { id: `op-${kind.replace("-", "")}-${(seq++).toString(36)}-${randomUUID().slice(0, 8)}`, kind, acked: false, open: false, lastAnswer: "", attempts: 0, echoes: 0 };
      ops.push(op);
      await run(op);
    }
  });

  let lastRestart = Date.now();
  const killer = (async () => {
    await sleep(2000);
    for (let k = 0; k < kills; k++) {
      const instance = ctx.instances[k % ctx.instances.length]!;
      await instance.kill9();
      await sleep(300);
      const t0 = Date.now();
      await instance.start();
      lastRestart = Date.now();
      ctx.log(`kill -9 #${k + 1} of ${instance.name}; back in ${((lastRestart - t0) / 1000).toFixed(1)} s (${ops.length} operations so far)`);
      await sleep(ctx.short ? 2000 : 3000);
    }
  })();
  try {
    await killer;
  } finally {
    stop = true;
    await Promise.all(loadWorkers);
  }

  /**
   * After the settling time: every operation left open is tried again with its key, every 5 s for a while longer
   * (15 s; 30 s in a full run) — a key that still answers "still running" (or an order still pending) then is stuck.
   */
  const retryOpen = async () => {
    const deadline = Date.now() + (ctx.short ? 15_000 : 30_000);
    let open = ops.filter((o) => o.open && o.kind !== "panel-send");
    for (;;) {
      for (const op of open) {
        const a = await attempt(op);
        op.lastAnswer = a.answer;
        op.acked ||= a.outcome === "acked";
        op.open = a.outcome === "open";
      }
      open = open.filter((o) => o.open);
      if (open.length === 0 || Date.now() > deadline) break;
      await sleep(5000);
    }
    for (const op of open) count("after the crashes", "stuck keys", `${op.kind} ${op.id}: a retry long after the crash still answers ${op.lastAnswer}`);
  };
  return { ops, lastRestart, retryOpen };
}
