import { can } from "@/lib/auth/permissions";
import { actionsOfBuild, api, callAction, login, refused, type ActionRef, type Session } from "./clients";
import type { Context } from "./context";
import { request } from "./http";
import type { Principal } from "./seed";
import { count, record } from "./stats";
import { ACTIONS, ENDPOINTS, kept, PAGES, type Fixtures } from "./targets";

/**
 * The authorization matrix: every server action, page, export and API endpoint × the victim's admin, billing and
 * viewer, the other customer's admin, and nobody. The expected outcome of each cell comes from lib/auth/permissions.ts.
 */
const PART = "authorization matrix";

type Who = { label: string; principal: Principal | null; session: Session | null; tenant: "alpha" | "beta" | null };

export async function sessionsFor(ctx: Context): Promise<Who[]> {
  const who: Who[] = [];
  for (const p of ctx.world.principals) {
    const out = await login(ctx.target.origin, p.email, ctx.world.password);
    record(PART, `login ${p.id}`, out.res, p.tenant);
    if (!out.session) throw new Error(`could not log in as ${p.id}: ${out.res.status} ${String(out.res.headers.location)}`);
    who.push({ label: p.id, principal: p, session: out.session, tenant: p.tenant });
  }
  who.push({ label: "logged out", principal: null, session: null, tenant: null });
  return who;
}

export function fixtures(ctx: Context): Fixtures {
  const adminKey = ctx.world.principals.find((p) => p.id === "alpha-admin")!.api.applicationKey;
  return {
    freshCredentialToken: async () => (await ctx.checks.freshCredential(adminKey)).token,
    freshCredentialId: async () => (await ctx.checks.freshCredential(adminKey)).id,
    freshPaymentMethodId: () => ctx.checks.freshPaymentMethod(ctx.world.alpha.id),
  };
}

export function findAction(actions: ActionRef[], name: string): ActionRef | undefined {
  return actions.find((x) => x.name === name);
}

export async function runMatrix(ctx: Context) {
  const who = await sessionsFor(ctx);
  const fx = fixtures(ctx);
  const actions = actionsOfBuild();
  const known = new Set(ACTIONS.map((s) => s.name));

  // Server actions.
  for (const spec of ACTIONS) {
    if (spec.skipMatrix) continue;
    const action = findAction(actions, spec.name);
    if (!action) {
      count(PART, "wrong answers", `server action ${spec.name} is not in the build any more: update attack/targets.ts`);
      continue;
    }
    for (const w of who) {
      const allowed =
        spec.permission === null ? true : w.principal !== null && (spec.ownTenant || w.tenant === "alpha") && can(w.principal.role, spec.permission);
      const fields = await spec.fields(ctx, fx);
      const before = allowed ? "" : await ctx.checks.fingerprint();
      const out = await callAction(ctx.target, w.session, action, await spec.page(ctx), fields, { plainForm: spec.plainForm });
      record(PART, `action ${spec.name} as ${w.label}`, out.res, w.tenant, kept(out.ok));
      if (!allowed) {
        const changed = (await ctx.checks.fingerprint()) !== before;
        if (changed || out.ok === true) count(PART, "unexpected changes", `action ${spec.name} as ${w.label}: ${out.ok === true ? "accepted" : "state changed"} (${out.message.slice(0, 80)})`);
        else if (!refused(out) && out.res.status < 500) count(PART, "wrong answers", `action ${spec.name} as ${w.label}: neither refused nor accepted (HTTP ${out.res.status})`);
        continue;
      }
      if (spec.mustSucceed && out.ok !== true && out.res.status < 500) {
        count(PART, "wrong answers", `action ${spec.name} as ${w.label}: a valid, permitted call was refused (${out.message.slice(0, 100) || `HTTP ${out.res.status}`})`);
      }
    }
  }
  // Actions this script does not know yet: called with an empty form by nobody and by the other customer's admin
  // (never by the victim's users: an unknown action might end the sessions the later parts use); nobody logged out
  // may change anything.
  for (const action of actions.filter((x) => !known.has(x.name))) {
    ctx.log(`warning: server action ${action.name} (${action.file}) is not described in attack/targets.ts: only its generic checks run`);
    for (const w of who.filter((x) => x.tenant !== "alpha")) {
      const before = await ctx.checks.fingerprint();
      const out = await callAction(ctx.target, w.session, action, action.pages[0]?.replace(/\[[^\]]+\]/g, ctx.world.alpha.accounts[0]!) ?? "/", []);
      record(PART, `action ${action.name} as ${w.label}`, out.res, w.tenant, kept(out.ok));
      if (w.session === null && (await ctx.checks.fingerprint()) !== before) count(PART, "unexpected changes", `action ${action.name} logged out changed the state`);
    }
  }

  // Pages and exports.
  const orderId = await ctx.checks.anyOrderOf(ctx.world.alpha.id);
  const token = await fx.freshCredentialToken();
  for (const page of PAGES) {
    const path = page.path(ctx, { orderId, token });
    for (const w of who) {
      const res = await request({ url: `${ctx.target.origin}${path}`, headers: w.session ? { cookie: w.session.cookie } : {}, timeoutMs: 20_000 });
      record(PART, `GET ${path} as ${w.label}`, res, w.tenant);
      const location = String(res.headers.location ?? "");
      const ok =
        w.session === null
          ? res.status >= 300 && res.status < 400 && /\/login/.test(location)
          : w.tenant === "beta" && page.scoped
            ? res.status === 404 || res.status === 403
            : res.status === 200;
      if (!ok && res.status < 500 && res.status !== -1) count(PART, "wrong answers", `GET ${path} as ${w.label} → ${res.status} ${location}`);
    }
  }

  // API endpoints, signed as each user's own credential (logged out: no credential at all).
  for (const ep of ENDPOINTS) {
    for (const w of who) {
      const path = ep.path(ctx);
      const body = ep.body ? JSON.stringify(ep.body(ctx)) : undefined;
      const mayAct = ep.permission === "public" || (w.principal !== null && (ep.permission === undefined || can(w.principal.role, ep.permission)));
      const allowed = mayAct && (!ep.tenantScoped || w.tenant === "alpha");
      const before = allowed ? "" : await ctx.checks.fingerprint();
      const res = await api({ base: ctx.target.origin }, w.principal?.api ?? null, ep.method, path, body);
      record(PART, `${ep.method} /1.0${path} as ${w.label}`, res, w.tenant);
      if (allowed) {
        if (res.status !== 200 && res.status < 500 && res.status !== -1) count(PART, "wrong answers", `${ep.method} /1.0${path} as ${w.label} → ${res.status} ${res.body.slice(0, 100)}`);
      } else {
        const changed = (await ctx.checks.fingerprint()) !== before;
        if (changed || (res.status >= 200 && res.status < 300)) count(PART, "unexpected changes", `${ep.method} /1.0${path} as ${w.label} → ${res.status}${changed ? ", state changed" : ""}`);
        else if (![401, 403, 404].includes(res.status) && res.status < 500) count(PART, "wrong answers", `${ep.method} /1.0${path} as ${w.label} → ${res.status}`);
      }
    }
  }
  return who;
}
