/**
 * npm run chaos — mixed money operations from many concurrent clients against the running cluster (deploy/cluster
 * up), through nginx over TLS, while faults are injected; then checks that nothing was lost or applied twice and
 * prints the figures.
 *
 *   CHAOS_MODE=full (default): scaling 1/2/3 instances, 20 kill -9 of an instance, a rolling restart, PgBouncer
 *              restarted, the Patroni leader crashed (failover) and rejoined; at least 10,000 operations.
 *   CHAOS_MODE=short: the same faults with 3 kills and shorter phases (a few minutes, for CI).
 *   CHAOS_FAILOVER=0: no database failover (a single PostgreSQL: said so in the table).
 *   CHAOS_CLIENTS (64), CHAOS_CUSTOMERS (16), CHAOS_OUT (.data/chaos): clients, tenants, where the logs go.
 *
 * Every operation is a signed API call (the OVHcloud dialect) with an Idempotency-Key; a client retries an
 * operation with the same key after a network error, a 5xx or a "still running" 409, for up to 45 s. What each
 * client had acknowledged is logged to CHAOS_OUT/acks.jsonl, one line per operation.
 */
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { appendFileSync, closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync } from "node:fs";
import https from "node:https";
import path from "node:path";
import pg from "pg";
import { openDatabase, type Db } from "@/db/client";
import { customerAccounts, smsAccounts, users } from "@/db/schema";
import { createApplication, requestCredential, decideCredential } from "@/lib/api/credentials";
import { credits } from "@/lib/credits/amounts";
import { postEntry } from "@/lib/credits/ledger";
import { ledgerViolations } from "@/lib/credits/invariants";
import { addSepaMandate, validatePendingMandate } from "@/lib/billing/payment-methods";

const ROOT = path.resolve(__dirname, "..");
const CLUSTER = path.join(ROOT, "deploy", "cluster");
const MODE = process.env.CHAOS_MODE === "short" ? "short" : "full";
const FAILOVER = process.env.CHAOS_FAILOVER !== "0";
const CLIENTS = Number(process.env.CHAOS_CLIENTS ?? 64);
const CUSTOMERS = Number(process.env.CHAOS_CUSTOMERS ?? 16);
const OUT = path.resolve(process.env.CHAOS_OUT ?? path.join(ROOT, ".data", "chaos"));
const P = MODE === "full"
  ? { scaleSeconds: 25, kills: 20, killEverySeconds: 4, calmSeconds: 15, failoverHoldSeconds: 40, settleSeconds: 10 }
  : { scaleSeconds: 10, kills: 3, killEverySeconds: 5, calmSeconds: 8, failoverHoldSeconds: 30, settleSeconds: 5 };
const OP_DEADLINE_MS = 45_000;
const THRESHOLD = 300; // re-credit threshold of accounts 1 and 2 of each customer (amount 100)

// --- the cluster --------------------------------------------------------------------------------------------------
function cluster(...args: string[]): string {
  const r = spawnSync(CLUSTER, args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`deploy/cluster ${args.join(" ")} failed: ${r.stderr || r.stdout}`);
  return r.stdout.trim();
}
const clusterEnv = Object.fromEntries(
  cluster("env", "chaos").split("\n").map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
) as Record<string, string>;
const PUBLIC_URL = new URL(clusterEnv.PUBLIC_URL!);
// The URL a client signs: the public one. Instances that do not honour PUBLIC_URL see their own request URL as
// https://localhost:<port> behind nginx (Next builds it from X-Forwarded-Proto and "localhost"): the run then signs
// that, and says so (CHAOS_SIGN_ORIGIN forces an origin).
let SIGN_ORIGIN = new URL(process.env.CHAOS_SIGN_ORIGIN ?? PUBLIC_URL.origin);
let signNote = "";
const CLUSTER_DIR = process.env.CLUSTER_DIR ?? "/tmp/sms-panel-cluster";
const appPids = () =>
  cluster("status")
    .split("\n")
    .filter((l) => /^app\d+\s/.test(l))
    .map((l) => Number(l.slice(3, l.indexOf(" "))));

// --- HTTP through nginx --------------------------------------------------------------------------------------------
const agent = new https.Agent({
  keepAlive: true,
  maxSockets: CLIENTS + 8,
  ca: readFileSync(path.join(CLUSTER_DIR, "nginx", "cert.pem")),
  servername: PUBLIC_URL.hostname,
  // The panel's hostname resolves to loopback for this client only (no /etc/hosts edit).
  lookup: (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address: "127.0.0.1", family: 4 }]);
    else callback(null, "127.0.0.1", 4);
  },
});

type Reply = { status: number; headers: Record<string, string | string[] | undefined>; body: string };
function request(method: string, url: URL, headers: Record<string, string>, body: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, agent, headers: { ...headers, "content-length": Buffer.byteLength(body) }, timeout: 30_000 }, (res) => {
      let data = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (data += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(body);
  });
}

const replayBodies = new Map<string, { path: string; body: unknown }>();
type Credential = { appKey: string; appSecret: string; consumerKey: string };
function signed(cred: Credential, method: string, apiPath: string, body: unknown, idempotencyKey?: string) {
  const url = new URL(`/1.0${apiPath}`, PUBLIC_URL);
  const signedUrl = new URL(`/1.0${apiPath}`, SIGN_ORIGIN);
  const text = body === undefined ? "" : JSON.stringify(body);
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = "$1$" + createHash("sha1").update([cred.appSecret, cred.consumerKey, method, signedUrl.toString(), text, ts].join("+")).digest("hex");
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-ovh-application": cred.appKey,
    "x-ovh-consumer": cred.consumerKey,
    "x-ovh-timestamp": ts,
    "x-ovh-signature": signature,
  };
  if (idempotencyKey) headers["idempotency-key"] = idempotencyKey;
  // Each write's path and body are kept, so a replay is byte-identical (the key's request hash must match).
  if (idempotencyKey && !replayBodies.has(idempotencyKey)) replayBodies.set(idempotencyKey, { path: apiPath, body });
  return request(method, url, headers, text);
}

// --- set-up: tenants with API credentials, mandates and re-credit -------------------------------------------------
type Tenant = { customerId: number; credentialId: number; accounts: string[]; cred: Credential };

async function setUp(db: Db): Promise<Tenant[]> {
  const tenants: Tenant[] = [];
  const run = randomBytes(3).toString("hex");
  const yearAgo = new Date(Date.now() - 400 * 86400_000);
  for (let c = 0; c < CUSTOMERS; c++) {
    const tag = `${run}${c}`;
    const { customerId, userId, names } = await db.transaction(async (tx) => {
      const [customer] = await tx.insert(customerAccounts).values({ nicHandle: `x${tag}-ovh`, name: `Chaos ${tag}`, subsidiary: "GB" }).returning();
      const [user] = await tx
        .insert(users)
        .values({ customerAccountId: customer!.id, email: `chaos-${tag}@chaos.test`, name: "Chaos", role: "admin", passwordHash: "x" })
        .returning();
      const names: string[] = [];
      for (let i = 1; i <= 3; i++) {
        const [account] = await tx
          .insert(smsAccounts)
          .values({ customerAccountId: customer!.id, serviceName: `sms-x${tag}-${i}`, createdAt: yearAgo, ...(i < 3 ? { recreditAmount: 100, recreditThreshold: credits(String(THRESHOLD)) } : {}) })
          .returning();
        await postEntry(tx, { smsAccountId: account!.id, kind: "adjustment", amount: credits(i < 3 ? "400" : "1000"), reference: "chaos opening", actor: { type: "system", label: "chaos" } });
        names.push(account!.serviceName);
      }
      return { customerId: customer!.id, userId: user!.id, names };
    });
    const mandate = await addSepaMandate(db, { customerAccountId: customerId, holder: "Chaos", iban: "GB33BUKB20201555555555", bic: "BUKBGB22", acceptMandate: true });
    if (!mandate.ok) throw new Error(`mandate: ${mandate.code}`);
    await validatePendingMandate(db, customerId, mandate.method.id);
    const { application, secret } = await createApplication(db, { customerAccountId: customerId, userId, name: `chaos ${tag}`, description: "chaos run", authSecret: clusterEnv.AUTH_SECRET! });
    const credential = await requestCredential(db, { application, rules: ["GET", "POST", "PUT", "DELETE"].map((method) => ({ method: method as "GET", path: "/*" })) });
    await decideCredential(db, { token: credential.validationToken, userId, role: "admin", customerAccountId: customerId, grant: true, validity: "1d" });
    tenants.push({ customerId, credentialId: credential.id, accounts: names, cred: { appKey: application.applicationKey, appSecret: secret, consumerKey: credential.consumerKey } });
  }
  return tenants;
}

// --- the clients ---------------------------------------------------------------------------------------------------
type Kind = "transfer" | "send" | "purchase" | "read" | "replay";
type Op = {
  client: number;
  kind: Kind;
  key: string;
  tenant: number;
  started: number;
  ended: number;
  attempts: number;
  failedAttempts: number;
  outcome: "ack" | "refused" | "unknown";
  status?: number;
  result?: { quantity?: number; transferId?: string; ids?: number[]; orderId?: number; receivers?: number; replayOf?: string; sameAnswer?: boolean };
  error?: string;
};

const ops: Op[] = [];
const attempts: Array<{ t: number; ok: boolean; write: boolean }> = [];
let stopping = false;

const pick = <T,>(items: T[]): T => items[Math.floor(Math.random() * items.length)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function perform(op: Op, call: () => Promise<Reply>): Promise<Reply | null> {
  const write = op.kind !== "read";
  let delay = 100;
  while (Date.now() - op.started < OP_DEADLINE_MS) {
    op.attempts++;
    let reply: Reply | null = null;
    try {
      reply = await call();
    } catch (error) {
      op.error = (error as Error).message;
    }
    const stillRunning = reply?.status === 409 && /still running/.test(reply.body);
    const retry = !reply || reply.status >= 500 || reply.status === 429 || stillRunning;
    attempts.push({ t: Date.now(), ok: !retry, write });
    if (!retry) return reply;
    op.failedAttempts++;
    if (reply) op.error = `${reply.status} ${reply.body.slice(0, 120)}`;
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 2000);
  }
  return null;
}

async function client(n: number, tenants: Tenant[], log: string) {
  const tenantIndex = n % tenants.length;
  const tenant = tenants[tenantIndex]!;
  const acked: Op[] = [];
  let purchases = 0;
  while (!stopping) {
    const r = Math.random();
    const kind: Kind = r < 0.36 ? "transfer" : r < 0.66 ? "send" : r < 0.74 ? "purchase" : r < 0.94 ? "read" : "replay";
    const op: Op = { client: n, kind, key: `c${n}-${randomBytes(6).toString("hex")}`, tenant: tenantIndex, started: Date.now(), ended: 0, attempts: 0, failedAttempts: 0, outcome: "unknown" };
    let reply: Reply | null = null;
    if (kind === "transfer") {
      const [from, to] = Math.random() < 0.5 ? [tenant.accounts[0]!, tenant.accounts[1]!] : pick([[tenant.accounts[1]!, tenant.accounts[0]!], [tenant.accounts[2]!, tenant.accounts[0]!], [tenant.accounts[0]!, tenant.accounts[2]!]]);
      const body = { credits: 1 + Math.floor(Math.random() * 40), smsAccountTarget: to, reference: op.key };
      reply = await perform(op, () => signed(tenant.cred, "POST", `/sms/${from}/transferCredits`, body, op.key));
      if (reply?.status === 200) op.result = { transferId: String(reply.headers["x-transfer-id"] ?? "") };
    } else if (kind === "send") {
      const count = 1 + Math.floor(Math.random() * 12);
      // UK mobile numbers the sandbox carrier delivers (not ending 0000 or 0001, its test values).
      const receivers = Array.from({ length: count }, () => `+447400${String(100002 + Math.floor(Math.random() * 899990))}`);
      const body = { message: "Chaos run: your code is 1234", receivers, sender: "CHAOS", noStopClause: true, tag: op.key };
      op.result = { receivers: count };
      reply = await perform(op, () => signed(tenant.cred, "POST", `/sms/${pick(tenant.accounts.slice(0, 2))}/jobs`, body, op.key));
      if (reply?.status === 200) op.result.ids = (JSON.parse(reply.body) as { ids: number[] }).ids;
    } else if (kind === "purchase") {
      // A quantity of its own (per customer), so the order can be told from the others: 100 + client × 5000 + n.
      const quantity = 100 + n * 5000 + (purchases++ % 5000);
      op.result = { quantity };
      const body = { quantity };
      reply = await perform(op, () => signed(tenant.cred, "POST", `/order/sms/${pick(tenant.accounts)}/credits`, body, op.key));
      if (reply?.status === 200) op.result.orderId = (JSON.parse(reply.body) as { orderId: number }).orderId;
    } else if (kind === "read") {
      reply = await perform(op, () => signed(tenant.cred, "GET", `/sms/${pick(tenant.accounts)}`, undefined));
    } else {
      // A client that did not see its answer sends the same request again, with the same key.
      const previous = acked.filter((o) => o.kind === "transfer" || o.kind === "purchase").at(-1 - Math.floor(Math.random() * 3));
      if (!previous) continue;
      op.result = { replayOf: previous.key };
      reply = await perform(op, () => replay(tenant, previous));
      if (reply?.status === 200 && previous.kind === "transfer") op.result.sameAnswer = String(reply.headers["x-transfer-id"]) === previous.result?.transferId;
      if (reply?.status === 200 && previous.kind === "purchase") op.result.sameAnswer = (JSON.parse(reply.body) as { orderId: number }).orderId === previous.result?.orderId;
    }
    op.ended = Date.now();
    op.status = reply?.status;
    op.outcome = !reply ? "unknown" : reply.status === 200 ? "ack" : "refused";
    if (op.outcome === "refused") op.error = reply!.body.slice(0, 160);
    if (op.outcome === "ack" && kind !== "read") acked.push(op);
    if (acked.length > 50) acked.shift();
    ops.push(op);
    appendFileSync(log, `${JSON.stringify(op)}\n`);
  }
}

function replay(tenant: Tenant, previous: Op): Promise<Reply> {
  const original = replayBodies.get(previous.key)!;
  return signed(tenant.cred, "POST", original.path, original.body, previous.key);
}

// --- a worker killed mid-job --------------------------------------------------------------------------------------
/**
 * A worker is killed while it executes a job, not merely while it runs: a scheduled send (differedPeriod 1 minute,
 * so no request hands it off) gives a handoff-sms job that does real work when it comes due; its SMS rows are held
 * locked by this script, so the worker that fetches the job blocks inside the handler.
 *
 * Which process that is comes from the worker itself, not from the database: every worker logs "job started" with
 * the job's id, its retry count and its pid before it calls a job's handler, and `deploy/cluster worker kill N` kills
 * the pid in run/workerN.pid. (A server connection behind PgBouncer does not reliably name its client: its
 * application_name may be unset or left from another client, which is how an earlier version killed a worker that
 * was not running the job.) The kill happens only when all of this holds, and is checked again right after it:
 * the job is active at its first attempt (retry count 0: it was fetched once, so no other process holds it), the
 * worker that logged its start is the one in run/workerN.pid, no other active job names these SMS, and a connection
 * is waiting on this script's lock in the hand-off's claim. Then the lock is released and the worker started again; pg-boss must expire the job and
 * another process complete it once (checked afterwards).
 */
type MidJobKill = { ids: string[]; receivers: number; worker?: string; pid?: number; jobId?: string; aimed?: boolean; note?: string };

async function killWorkerMidJob(tenant: Tenant): Promise<MidJobKill> {
  const receivers = ["+447400123401", "+447400123402", "+447400123403"];
  const key = `worker-kill-${randomBytes(4).toString("hex")}`;
  const body = { message: "Chaos run: scheduled", receivers, sender: "CHAOS", noStopClause: true, tag: key, differedPeriod: 1 };
  let reply: Reply | null = null;
  for (let attempt = 0; attempt < 20 && reply?.status !== 200; attempt++) {
    reply = await signed(tenant.cred, "POST", `/sms/${tenant.accounts[2]}/jobs`, body, key).catch(() => null);
    if (reply?.status !== 200) await sleep(1000);
  }
  if (reply?.status !== 200) return { ids: [], receivers: receivers.length, note: `the scheduled send was refused: ${reply?.status} ${reply?.body.slice(0, 120)}` };
  const ids = (JSON.parse(reply.body) as { ids: number[] }).ids.map(String);
  const result: MidJobKill = { ids, receivers: receivers.length };
  const logs = new WorkerLogTail();
  const lock = new pg.Client({ connectionString: clusterEnv.DATABASE_URL, application_name: "chaos-lock" });
  await lock.connect();
  try {
    await lock.query("begin");
    await lock.query("select id from outgoing_sms where id = any($1::bigint[]) for update", [ids]);
    const [{ pid: lockPid }] = (await lock.query<{ pid: number }>("select pg_backend_pid() as pid")).rows as [{ pid: number }];
    // The send's job (enqueued in its transaction): the only job naming these SMS until the housekeeping sweep
    // would call them stale (45 s after they were due; the kill is over long before).
    const jobs = await lock.query<{ id: string }>("select id from pgboss.job where name = 'handoff-sms' and data->'ids' @> to_jsonb($1::text[])", [ids]);
    if (jobs.rows.length !== 1) return { ...result, note: `${jobs.rows.length} handoff-sms jobs for the scheduled send's SMS` };
    const jobId = jobs.rows[0]!.id;
    result.jobId = jobId;
    const attempt = async () =>
      (await lock.query<{ state: string; retry_count: number }>("select state::text, retry_count from pgboss.job where id = $1", [jobId])).rows[0];
    // Due in a minute; a worker polls every 0.5 s. Wait for its "job started" line, then for its claim to block.
    const deadline = Date.now() + 150_000;
    let started: WorkerLine | undefined;
    while (!result.worker && Date.now() < deadline) {
      started ??= logs.read().find((l) => l.msg === "job started" && l.job === jobId);
      if (!started) {
        const now = await attempt();
        if (now && now.retry_count > 0) return { ...result, note: `job ${jobId} was fetched again (retry ${now.retry_count}, ${now.state}) before any worker logged its start` };
        await sleep(200);
        continue;
      }
      const pid = Number(started.pid);
      const n = workerByPid(pid);
      if (Number(started.retryCount) !== 0) return { ...result, note: `the first start of job ${jobId} logged was retry ${String(started.retryCount)} (pid ${pid})` };
      if (n === undefined || started.instance !== `worker${n}` || started.file !== `worker${n}.log`) {
        return { ...result, note: `job ${jobId} started by pid ${pid} (${String(started.instance)}, ${started.file}), no worker's pid file holds it` };
      }
      const before = await attempt();
      if (before?.state !== "active" || before.retry_count !== 0) return { ...result, note: `job ${jobId} is ${before?.state} (retry ${before?.retry_count}) after pid ${pid} started it` };
      // The claim waiting on the lock is this job's: no other active job names these SMS (the housekeeping sweep's
      // "stale-sms" job would, had the job not been picked 45 s after it was due).
      const others = await lock.query<{ id: string }>(
        "select id from pgboss.job where name = 'handoff-sms' and state = 'active' and id <> $1 and data->'ids' ?| $2::text[]",
        [jobId, ids],
      );
      const blocked = await lock.query<{ pid: number }>(
        "select pid from pg_stat_activity where $1 = any(pg_blocking_pids(pid)) and query like '%handoff_claimed_until%'",
        [lockPid],
      );
      if (blocked.rows.length === 0 || others.rows.length > 0) {
        if (others.rows.length > 0) result.note = `another active job names the same SMS: ${others.rows.map((o) => o.id).join(", ")}`;
        await sleep(100);
        continue;
      }
      cluster("worker", "kill", String(n));
      const dead = await gone(pid);
      const after = await attempt();
      result.worker = `worker${n}`;
      result.pid = pid;
      // Still the attempt that pid started: it was the only process running the job when it died.
      result.aimed = dead && after?.state === "active" && after.retry_count === 0;
      if (!result.aimed) result.note = `after the kill job ${jobId} is ${after?.state} (retry ${after?.retry_count}), pid ${pid} ${dead ? "dead" : "still alive"}`;
      mark(`kill -9 of worker${n} (pid ${pid}) in the middle of handoff-sms job ${jobId} (started by that pid at its first attempt, blocked in its handler on the SMS lock)`);
    }
    if (!result.worker) result.note = `no worker was blocked in job ${jobId} within 150 s${started ? ` (pid ${String(started.pid)} started it)` : " (no worker logged its start)"}${result.note ? `; ${result.note}` : ""}`;
  } finally {
    await lock.query("rollback").catch(() => undefined);
    await lock.end().catch(() => undefined);
  }
  if (result.worker) {
    await sleep(3000);
    cluster("worker", "start", result.worker.slice("worker".length));
    mark(`${result.worker} started again`);
  }
  return result;
}

/** The worker N whose pid file (what `deploy/cluster worker kill N` kills) holds this pid. */
function workerByPid(pid: number): number | undefined {
  const run = path.join(CLUSTER_DIR, "run");
  for (const f of readdirSync(run)) {
    const m = /^worker(\d+)\.pid$/.exec(f);
    if (m && Number(readFileSync(path.join(run, f), "utf8").trim()) === pid) return Number(m[1]);
  }
  return undefined;
}

/** Whether a process runs (a zombie, dead but not yet reaped by its parent, does not). */
function workerAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/** Waits (a little) for a killed process to be gone: SIGKILL is delivered when the process is next scheduled. */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 50 && workerAlive(pid); i++) await sleep(40);
  return !workerAlive(pid);
}

/** The killed job: one job for those SMS, completed, started again after the kill, and finished by another process. */
async function midJobViolations(q: <T>(text: string, params?: unknown[]) => Promise<T[]>, kill: MidJobKill | undefined): Promise<string[]> {
  if (!kill) return ["no worker process to kill: the fault did not run"];
  if (!kill.worker) return [kill.note ?? "no worker was killed mid-job"];
  const out: string[] = [];
  if (!kill.aimed) out.push(kill.note ?? "the kill was not shown to hit the process running the job");
  const jobs = await q<{ id: string; state: string; retry_count: number }>(
    `select id, state::text, retry_count from pgboss.job where name = 'handoff-sms' and data->'ids' @> to_jsonb($1::text[])
     union all select id, state::text, retry_count from pgboss.archive where name = 'handoff-sms' and data->'ids' @> to_jsonb($1::text[])`,
    [kill.ids],
  );
  if (jobs.length !== 1) out.push(`${jobs.length} jobs for the killed job's SMS`);
  const job = jobs[0];
  if (job && job.state !== "completed") out.push(`job ${job.id} is ${job.state}`);
  if (job && job.retry_count < 1) out.push(`job ${job.id} was never started again after the kill`);
  if (job && kill.jobId && job.id !== kill.jobId) out.push(`the killed job was ${kill.jobId}, the SMS's job is ${job.id}`);
  const sms = await q<{ status: string }>("select status::text from outgoing_sms where id = any($1::bigint[])", [kill.ids]);
  if (sms.length !== kill.receivers || sms.some((m) => m.status !== "delivered")) out.push(`its SMS: ${sms.map((m) => m.status).join(", ") || "none"}`);
  const lines = workerLogLines().filter((l) => l.job === job?.id);
  // Its first attempt was started by the killed process alone; every later start came from another process.
  const firstStarts = lines.filter((l) => l.msg === "job started" && Number(l.retryCount) === 0).map((l) => Number(l.pid));
  if (firstStarts.length !== 1 || firstStarts[0] !== kill.pid) out.push(`job ${job?.id}'s first attempt started by pid(s) ${firstStarts.join(", ") || "none"}, killed ${kill.pid}`);
  if (lines.some((l) => l.msg === "job started" && Number(l.retryCount) > 0 && Number(l.pid) === kill.pid)) out.push(`job ${job?.id} started again by the killed process ${kill.pid}`);
  // Which process finished it: the worker that did logs "job done after a retry" with its pid.
  const finishers = lines.filter((l) => l.msg === "job done after a retry").map((l) => Number(l.pid));
  if (finishers.length !== 1) out.push(`job ${job?.id} finished ${finishers.length} times in the workers' logs`);
  else if (finishers[0] === kill.pid) out.push(`job ${job?.id} finished by the killed process ${kill.pid}`);
  return out;
}

type WorkerLine = Record<string, unknown> & { file: string };

function parseLine(file: string, l: string): WorkerLine | undefined {
  if (!l.startsWith("{")) return undefined;
  try {
    return { ...(JSON.parse(l) as Record<string, unknown>), file };
  } catch {
    return undefined;
  }
}

function workerLogLines(): WorkerLine[] {
  const dir = path.join(CLUSTER_DIR, "log");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^worker\d+\.log$/.test(f))
    .flatMap((f) => readFileSync(path.join(dir, f), "utf8").split("\n").map((l) => parseLine(f, l)))
    .filter((l): l is WorkerLine => l !== undefined);
}

/** The workers' log lines written since it was made (each read returns the new complete lines). */
class WorkerLogTail {
  private readonly dir = path.join(CLUSTER_DIR, "log");
  private readonly at = new Map<string, { offset: number; rest: string }>();
  constructor() {
    for (const f of this.files()) this.at.set(f, { offset: statSync(path.join(this.dir, f)).size, rest: "" });
  }
  private files() {
    return existsSync(this.dir) ? readdirSync(this.dir).filter((f) => /^worker\d+\.log$/.test(f)) : [];
  }
  read(): WorkerLine[] {
    const out: WorkerLine[] = [];
    for (const f of this.files()) {
      const state = this.at.get(f) ?? { offset: 0, rest: "" };
      const fd = openSync(path.join(this.dir, f), "r");
      try {
        const size = fstatSync(fd).size;
        if (size > state.offset) {
          const buffer = Buffer.alloc(size - state.offset);
          const n = readSync(fd, buffer, 0, buffer.length, state.offset);
          state.offset += n;
          const text = state.rest + buffer.subarray(0, n).toString("utf8");
          const cut = text.lastIndexOf("\n");
          state.rest = text.slice(cut + 1);
          for (const l of text.slice(0, cut + 1).split("\n")) {
            const line = parseLine(f, l);
            if (line) out.push(line);
          }
        }
      } finally {
        closeSync(fd);
      }
      this.at.set(f, state);
    }
    return out;
  }
}

// --- the schedule --------------------------------------------------------------------------------------------------
type Mark = { t: number; what: string };
const marks: Mark[] = [];
const mark = (what: string) => {
  marks.push({ t: Date.now(), what });
  console.log(`[chaos] ${new Date().toISOString().slice(11, 19)} ${what}`);
};

let midJob: MidJobKill | undefined;

async function schedule(tenants: Tenant[]): Promise<{ scale: Array<{ instances: number; from: number; to: number }>; failover?: { from: number; rejoin: number; calmSince: number } }> {
  const instances = appPids();
  const scale: Array<{ instances: number; from: number; to: number }> = [];
  // Throughput with 1, 2, 3 instances: the others are stopped gracefully (nginx sends their share elsewhere).
  for (const n of instances.slice(1)) cluster("app", "stop", String(n));
  for (let k = 1; k <= instances.length; k++) {
    if (k > 1) cluster("app", "start", String(instances[k - 1]));
    mark(`${k} instance(s)`);
    const from = Date.now();
    await sleep(P.scaleSeconds * 1000);
    scale.push({ instances: k, from: from + 2000, to: Date.now() });
  }
  // The worker kill runs alongside the instance kills: its job comes due a minute after its send.
  const workers = /^worker\d+\s+up/m.test(cluster("status"));
  const workerKill = workers ? killWorkerMidJob(tenants[0]!) : Promise.resolve(undefined);
  if (!workers) mark("no worker process: worker kill skipped");
  mark(`kill -9 of an instance, ${P.kills} times`);
  for (let i = 0; i < P.kills; i++) {
    const n = instances[i % instances.length]!;
    cluster("app", "kill", String(n));
    mark(`killed app${n}`);
    await sleep(500);
    cluster("app", "start", String(n));
    await sleep(Math.max(0, P.killEverySeconds * 1000 - 500));
  }
  await sleep(P.calmSeconds * 1000);
  midJob = await workerKill;
  if (midJob) await sleep(P.calmSeconds * 1000);
  mark("rolling restart");
  cluster("rolling-restart");
  mark("rolling restart done");
  await sleep(P.calmSeconds * 1000);
  mark("pgbouncer restart");
  cluster("pgbouncer", "restart");
  await sleep(P.calmSeconds * 1000);
  let failover: { from: number; rejoin: number; calmSince: number } | undefined;
  if (FAILOVER) {
    const calmSince = Date.now() - P.calmSeconds * 1000 + 3000;
    const leader = cluster("leader");
    mark(`crash of the Patroni leader pg${leader} (kill -9 of Patroni, immediate stop of its PostgreSQL)`);
    const from = Date.now();
    cluster("node", "kill", leader);
    await sleep(P.failoverHoldSeconds * 1000);
    mark(`pg${leader} rejoins (new leader pg${cluster("leader")})`);
    const rejoin = Date.now();
    cluster("node", "start", leader);
    failover = { from, rejoin, calmSince };
    await sleep(P.calmSeconds * 1000);
  }
  await sleep(P.settleSeconds * 1000);
  mark("last fault done");
  return { scale, failover };
}

let jobDetail: string[] = [];
const MID_JOB = "job of a worker killed mid-job completed once, by another";
// --- checks --------------------------------------------------------------------------------------------------------
async function check(db: Db, tenants: Tenant[]) {
  const q = async <T,>(text: string, params: unknown[] = []) => {
    const pool = (db as unknown as { $client: { query: (t: string, p: unknown[]) => Promise<{ rows: T[] }> } }).$client;
    return (await pool.query(text, params)).rows;
  };
  jobDetail = [];
  const customerIds = tenants.map((t) => t.customerId);
  const credentialScopes = tenants.map((t) => `api:${t.credentialId}`);
  const violations: Record<string, string[]> = {};
  const add = (name: string, v: string) => (violations[name] ??= []).push(v);
  for (const name of ["acknowledged op in the database exactly once", "unacknowledged op applied at most once", "replay got the first answer", "ledger invariants (balance = Σ entries, no negative balance)", "one re-credit per triggering debit", "no order pending 60 s after the last fault", "no job pending 60 s after the last fault", MID_JOB]) violations[name] = [];

  // Each operation names itself: a transfer by its reference, a send by its tag, a purchase by its quantity
  // (unique per customer in a run): so a duplicate shows even when its answer was lost.
  const transfers = await q<{ key: string; id: string; n: string }>(
    "select reference as key, min(id::text) as id, count(*) as n from transfers where customer_account_id = any($1) group by reference",
    [customerIds],
  );
  const byKey = new Map(transfers.map((t) => [t.key, t]));
  const outgoing = await q<{ tag: string; n: string; ids: string[] }>(
    "select o.tag, count(*) as n, array_agg(o.id::text) as ids from outgoing_sms o join sms_accounts s on s.id = o.sms_account_id where s.customer_account_id = any($1) group by o.tag",
    [customerIds],
  );
  const byTag = new Map(outgoing.map((o) => [o.tag, o]));
  const orders = await q<{ key: string; id: number; n: string; status: string }>(
    "select customer_account_id || ':' || quantity as key, min(id) as id, count(*) as n, min(status::text) as status from orders where customer_account_id = any($1) and kind = 'purchase' group by 1",
    [customerIds],
  );
  const orderByKey = new Map(orders.map((o) => [o.key, o]));

  for (const op of ops) {
    const once = "acknowledged op in the database exactly once";
    const atMost = "unacknowledged op applied at most once";
    if (op.kind === "transfer") {
      const row = byKey.get(op.key);
      if (op.outcome === "ack" && (!row || row.n !== "1" || row.id !== op.result?.transferId)) add(once, `transfer ${op.key}: ${row ? `${row.n}× id ${row.id}` : "absent"}`);
      if (op.outcome !== "ack" && row && row.n !== "1") add(atMost, `transfer ${op.key}: ${row.n}×`);
    } else if (op.kind === "send") {
      const row = byTag.get(op.key);
      // One row per valid receiver: a send applied twice has twice its rows under its tag.
      const sent = op.result?.ids?.length ?? 0;
      if (op.outcome === "ack" && (!row || Number(row.n) !== sent || !op.result!.ids!.every((id) => row.ids.includes(String(id))))) add(once, `send ${op.key}: ${row?.n ?? 0} rows for ${sent} acknowledged`);
      // An unacknowledged send may have been applied once (its answer was lost), never twice.
      if (op.outcome !== "ack" && row && Number(row.n) > (op.result?.receivers ?? 0)) add(atMost, `send ${op.key}: ${row.n} rows for ${op.result?.receivers} receivers`);
    } else if (op.kind === "purchase") {
      const row = orderByKey.get(`${tenants[op.tenant]!.customerId}:${op.result?.quantity}`);
      if (op.outcome === "ack" && (!row || row.n !== "1" || row.id !== op.result?.orderId)) add(once, `purchase ${op.key}: ${row ? `${row.n}× order ${row.id}` : "absent"}`);
      if (op.outcome !== "ack" && row && row.n !== "1") add(atMost, `purchase ${op.key}: ${row.n}×`);
    } else if (op.kind === "replay" && op.outcome === "ack" && op.result?.sameAnswer === false) {
      add("replay got the first answer", `replay of ${op.result.replayOf}`);
    }
  }
  for (const v of await ledgerViolations(db)) add("ledger invariants (balance = Σ entries, no negative balance)", v);
  // The re-credit is decided in the debit's transaction (its attempt names the debit's entry) and credited by the
  // settlement job. Ledger ids give the order of events on one account (its row lock serialises them): every debit
  // that leaves the account at or below its threshold has its re-credit, unless one decided before it was not yet
  // credited; no debit has two; an attempt names a debit of its account; a paid one is credited once; no re-credit
  // is decided while another is in progress.
  const recredits = await q<{ v: string }>(
    `with acc as (select id from sms_accounts where customer_account_id = any($1) and recredit_amount is not null),
     debits as (select l.id, l.sms_account_id, l.balance_after from ledger_entries l join acc on acc.id = l.sms_account_id
                where l.amount < 0 and l.balance_after <= ${THRESHOLD}),
     att as (select r.id, r.sms_account_id, r.trigger_entry_id as trig, r.order_id, o.status,
                    (select min(l.id) from ledger_entries l where l.order_id = r.order_id and l.kind = 'auto_recredit') as credited,
                    (select count(*) from ledger_entries l where l.order_id = r.order_id and l.kind = 'auto_recredit') as credits
             from recredit_attempts r join acc on acc.id = r.sms_account_id left join orders o on o.id = r.order_id)
     select 'debit ' || d.id || ' left ' || d.balance_after || ' without a re-credit' as v from debits d
      where not exists (select 1 from att where att.trig = d.id)
        and not exists (select 1 from att where att.sms_account_id = d.sms_account_id and att.trig < d.id
                        and (att.credited is null and att.status = 'pending' or att.credited > d.id))
     union all
     select 'two re-credits for debit ' || trig from att where trig is not null group by trig having count(*) > 1
     union all
     select 're-credit attempt ' || att.id || ' names no debit of its account' from att where not exists
       (select 1 from ledger_entries l where l.id = att.trig and l.sms_account_id = att.sms_account_id and l.amount < 0)
     union all
     select 're-credit order ' || order_id || ' paid but credited ' || credits || '×' from att where status = 'paid' and credits <> 1
     union all
     select 're-credit attempt ' || b.id || ' decided while ' || a.id || ' was in progress' from att a join att b
       on a.sms_account_id = b.sms_account_id and b.trig > a.trig and (a.credited is null and a.status = 'pending' or b.trig < a.credited)`,
    [customerIds],
  );
  for (const r of recredits) add("one re-credit per triggering debit", r.v);
  const recreditCount = await q<{ n: string }>(
    "select count(*) as n from ledger_entries l join sms_accounts s on s.id = l.sms_account_id where s.customer_account_id = any($1) and l.kind = 'auto_recredit'",
    [customerIds],
  );
  const pending = await q<{ id: number }>("select id from orders where customer_account_id = any($1) and status = 'pending'", [customerIds]);
  for (const p of pending) add("no order pending 60 s after the last fault", `order ${p.id}`);
  const jobs = await q<{ name: string; state: string; n: string }>(
    "select name, state::text, count(*) as n from pgboss.job where state in ('created', 'retry', 'active') and name <> 'housekeeping' and start_after < now() - interval '5 seconds' group by 1, 2",
  ).catch(() => []);
  for (const j of jobs) add("no job pending 60 s after the last fault", `${j.n} ${j.name} ${j.state}`);
  if (jobs.length > 0) {
    // What a job left behind looks like: enough to tell a lost fetch, a backoff or an idle worker apart.
    const detail = await q<Record<string, unknown>>(
      `select id, name, state::text, retry_count, retry_limit, to_char(created_on, 'HH24:MI:SS.MS') as created, to_char(start_after, 'HH24:MI:SS.MS') as start_after,
              to_char(started_on, 'HH24:MI:SS.MS') as started, to_char(now(), 'HH24:MI:SS.MS') as now, output::text, data::text
       from pgboss.job where state in ('created', 'retry', 'active') and name <> 'housekeeping' and start_after < now() - interval '5 seconds' limit 5`,
    ).catch(() => []);
    jobDetail = detail.map((d) => JSON.stringify(d));
  }
  for (const v of await midJobViolations(q, midJob)) add(MID_JOB, v);
  const unansweredKeys = await q<{ n: string }>(
    "select count(*) as n from idempotency_keys where scope = any($1) and result is null",
    [credentialScopes],
  ).catch(() => [{ n: "?" }]);
  return { violations, recredits: Number(recreditCount[0]?.n ?? 0), stuckKeys: unansweredKeys[0]?.n ?? "?" };
}

// --- figures -------------------------------------------------------------------------------------------------------
const rate = (from: number, to: number, filter: (o: Op) => boolean = () => true) =>
  to > from ? ops.filter((o) => o.outcome !== "unknown" && o.ended >= from && o.ended < to && filter(o)).length / ((to - from) / 1000) : 0;

function failoverFigures(f: { from: number; rejoin: number; calmSince: number }) {
  const isWrite = (o: Op) => o.kind !== "read";
  const acks = ops.filter((o) => isWrite(o) && o.outcome === "ack" && o.ended >= f.from && o.ended <= f.rejoin).map((o) => o.ended).sort((a, b) => a - b);
  // The window: the longest stretch without an acknowledged write, from the crash to the rejoin.
  let gapStart = f.from;
  let best = { from: f.from, to: acks[0] ?? f.rejoin };
  let previous = f.from;
  for (const t of acks) {
    if (t - previous > best.to - best.from) best = { from: previous, to: t };
    previous = t;
  }
  gapStart = best.from;
  const during = attempts.filter((a) => a.write && a.t >= gapStart && a.t <= best.to);
  const beforeFrom = Math.max(f.calmSince, f.from - 15_000);
  return {
    windowSeconds: (best.to - gapStart) / 1000,
    startsAfterSeconds: (gapStart - f.from) / 1000,
    errorRate: during.length ? during.filter((a) => !a.ok).length / during.length : 0,
    failedAttempts: during.filter((a) => !a.ok).length,
    before: rate(beforeFrom, f.from, isWrite),
    during: rate(f.from, best.to, isWrite),
    after: rate(best.to, Math.min(best.to + 15_000, f.rejoin), isWrite),
  };
}

function memoryPerInstance(): string[] {
  try {
    return cluster("status")
      .split("\n")
      .filter((l) => /^(app|worker)\d+\s/.test(l))
      .map((l) => l.replace(/\s+/g, " "));
  } catch (error) {
    return [`(deploy/cluster status failed: ${(error as Error).message.split("\n")[0]})`];
  }
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const log = path.join(OUT, "acks.jsonl");
  writeFileSync(log, "");
  const db = (await openDatabase({ url: clusterEnv.DATABASE_URL!, poolSize: 4 })).db;
  console.log(`[chaos] ${MODE} run: ${CLIENTS} clients, ${CUSTOMERS} customers, through ${PUBLIC_URL.origin}${FAILOVER ? "" : " (database failover skipped: CHAOS_FAILOVER=0)"}`);
  const tenants = await setUp(db);
  const probe = await signed(tenants[0]!.cred, "GET", `/sms/${tenants[0]!.accounts[0]}`, undefined);
  if (probe.status === 403 && /INVALID_SIGNATURE/.test(probe.body) && !process.env.CHAOS_SIGN_ORIGIN) {
    SIGN_ORIGIN = new URL("https://localhost");
    signNote = `the instances refused a request signed for ${PUBLIC_URL.origin} (PUBLIC_URL not honoured): requests are signed for https://localhost`;
    console.log(`[chaos] warning: ${signNote}`);
  }
  if (process.env.CHAOS_PROBE === "1") {
    // One request of each kind, answers printed: to check the set-up before a run.
    const t = tenants[0]!;
    for (const [m, p, b] of [["GET", `/sms/${t.accounts[0]}`, undefined], ["POST", `/sms/${t.accounts[0]}/transferCredits`, { credits: 1, smsAccountTarget: t.accounts[1] }]] as const) {
      const r = await signed(t.cred, m, p, b, m === "POST" ? randomBytes(6).toString("hex") : undefined);
      console.log(m, p, r.status, r.body.slice(0, 300));
    }
    process.exit(0);
  }
  const started = Date.now();
  const clients = Array.from({ length: CLIENTS }, (_, n) => client(n, tenants, log));
  const { scale, failover } = await schedule(tenants);
  const lastFault = Date.now();
  // The load goes on (faults over) until the run has its share of operations, within a bound.
  const minOps = Number(process.env.CHAOS_MIN_OPS ?? (MODE === "full" ? 10_000 : 0));
  const maxSeconds = Number(process.env.CHAOS_MAX_SECONDS ?? 1200);
  while (ops.length < minOps && Date.now() - started < maxSeconds * 1000) await sleep(1000);
  if (ops.length < minOps) mark(`stopped at ${ops.length} operations (CHAOS_MAX_SECONDS=${maxSeconds})`);
  stopping = true;
  await Promise.all(clients);
  const ended = Date.now();
  // "No order pending 60 s after the last fault": give the system that long, no more.
  const { violations, recredits, stuckKeys } = await waitForChecks(db, tenants, lastFault);
  const counts = (k?: Kind) => {
    const sel = ops.filter((o) => !k || o.kind === k);
    return `${sel.length} (${sel.filter((o) => o.outcome === "ack").length} ack, ${sel.filter((o) => o.outcome === "refused").length} refused, ${sel.filter((o) => o.outcome === "unknown").length} unknown)`;
  };
  const lines: string[] = [];
  const p = (s = "") => lines.push(s);
  p(`Chaos run (${MODE}) — ${((ended - started) / 1000).toFixed(0)} s, ${CLIENTS} clients, ${CUSTOMERS} customers, ${new Date().toISOString()}`);
  if (signNote) p(`note: ${signNote}`);
  p(`operations: ${counts()}${minOps > 0 ? "" : " (short run: no minimum; the full run goes on to at least 10,000)"}`);
  for (const k of ["transfer", "send", "purchase", "read", "replay"] as const) p(`  ${k.padEnd(9)} ${counts(k)}`);
  p(`attempts: ${attempts.length}, failed and retried: ${attempts.filter((a) => !a.ok).length}; automatic re-credits: ${recredits}`);
  p();
  p("invariant                                                    violations");
  let total = 0;
  for (const [name, list] of Object.entries(violations)) {
    total += list.length;
    p(`${name.padEnd(60)} ${list.length}${list.length ? `  e.g. ${list.slice(0, 3).join("; ")}` : ""}`);
  }
  p(`idempotency keys claimed but never answered                 ${stuckKeys}`);
  for (const d of jobDetail) p(`  job left: ${d}`);
  p();
  p("throughput (acknowledged operations per second)");
  for (const s of scale) p(`  ${s.instances} instance(s): ${rate(s.from, s.to).toFixed(1)} ops/s`);
  if (scale.length === 3) p(`  scaling 3 vs 1: ×${(rate(scale[2]!.from, scale[2]!.to) / Math.max(0.01, rate(scale[0]!.from, scale[0]!.to))).toFixed(2)}`);
  if (failover) {
    const f = failoverFigures(failover);
    p(`failover: no write acknowledged for ${f.windowSeconds.toFixed(1)} s (from ${f.startsAfterSeconds.toFixed(1)} s after the crash); ${f.failedAttempts} failed attempts, ${(f.errorRate * 100).toFixed(1)} % of write attempts in that window`);
    p(`  writes/s before ${f.before.toFixed(1)}, from the crash to the end of the window ${f.during.toFixed(1)}, after ${f.after.toFixed(1)}`);
  } else {
    p("failover: skipped (CHAOS_FAILOVER=0)");
  }
  p("instances and workers at the end (memory):");
  for (const m of memoryPerInstance()) p(`  ${m}`);
  p();
  p("faults:");
  for (const m of marks) p(`  +${((m.t - started) / 1000).toFixed(1).padStart(6)} s  ${m.what}`);
  // One line for CI's log: the run's size, its verdict and its headline figures.
  const f = failover ? failoverFigures(failover) : undefined;
  const summary =
    `chaos (${MODE}): ${total === 0 ? "ok" : "FAILED"}, ${total} violations of ${Object.keys(violations).length} invariants; ` +
    `${ops.length} operations in ${((ended - started) / 1000).toFixed(0)} s (${ops.filter((o) => o.outcome === "unknown").length} unknown), ` +
    `${scale.map((s) => rate(s.from, s.to).toFixed(1)).join(" / ")} ops/s with ${scale.map((s) => s.instances).join(" / ")} instances, ` +
    `failover ${f ? `${f.windowSeconds.toFixed(1)} s` : "skipped"}, worker kill ${midJob?.aimed ? `hit ${midJob.worker}` : "missed"}`;
  p();
  p(summary);
  const report = lines.join("\n");
  console.log(`\n${report}`);
  writeFileSync(path.join(OUT, "report.txt"), `${report}\n`);
  agent.destroy();
  process.exit(total === 0 ? 0 : 1);
}

async function waitForChecks(db: Db, tenants: Tenant[], lastFault: number) {
  for (;;) {
    const result = await check(db, tenants);
    const waiting = (name: string) => name.startsWith("no order pending") || name.startsWith("no job pending") || name === MID_JOB;
    const pendingOnly = Object.entries(result.violations).every(([name, list]) => list.length === 0 || waiting(name));
    const anyPending = Object.entries(result.violations).some(([name, list]) => waiting(name) && list.length > 0);
    if (!pendingOnly || !anyPending || Date.now() > lastFault + 60_000) return result;
    await sleep(5000);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
