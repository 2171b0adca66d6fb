import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { openDatabase, type Db } from "@/db/client";
import { customerAccounts, rateLimits, recoveryCodes, sessions, users, userTotp } from "@/db/schema";
import { consumeApiQuota } from "@/lib/api/rate-limit";
import { deleteExpired, deleteExpiredIfDue } from "@/lib/auth/housekeeping";
import {
  authenticate,
  authenticateSecondFactor,
  issueLoginChallenge,
  LOGIN_LIMITS,
  readLoginChallenge,
  type LoginResult,
} from "@/lib/auth/login";
import { changePassword, hashPassword } from "@/lib/auth/password";
import {
  createSession,
  isSessionLive,
  listUserSessions,
  loadSession,
  revokeSession,
  revokeUserSession,
  revokeUserSessions,
  sessionId,
  type SessionPolicy,
} from "@/lib/auth/sessions";
import { confirmTotp, disableTotp, redeemRecoveryCode, startTotpSetup, totpCode, totpState, verifyTotp } from "@/lib/auth/totp";
import { describeOnBothDrivers } from "./harness";

const PASSWORD = "correct horse battery";
const SECRET = "integration-secret-integration-secret-0123";
const POLICY: SessionPolicy = { idleMinutes: 30, maxHours: 12 };
const minutes = (base: Date, n: number) => new Date(base.getTime() + n * 60_000);

describeOnBothDrivers("auth: login limits, sessions, one-time passwords", (ctx) => {
  let hash = "";
  let customerId = 0;
  const newUser = async (email: string) => {
    hash ||= await hashPassword(PASSWORD);
    if (!customerId) {
      const [c] = await ctx.handle.db.insert(customerAccounts).values({ nicHandle: "au99999-ovh", name: "Auth tests", subsidiary: "GB" }).returning();
      customerId = c!.id;
    }
    const [u] = await ctx.handle.db.insert(users).values({ customerAccountId: customerId, email, name: email, role: "admin", passwordHash: hash }).returning();
    return u!;
  };
  const count = (results: LoginResult[], what: "ok" | "invalid" | "throttled") =>
    results.filter((r) => (what === "ok" ? r.ok : !r.ok && r.reason === what)).length;

  it("evaluates at most 5 guesses of 60 concurrent ones for an account, and refuses the right one once throttled", async () => {
    const user = await newUser("concurrent@auth.test");
    const db = ctx.handle.db;
    // 59 wrong passwords and the right one, all at once, each from its own address (the per-address limit is not
    // what stops them).
    const guesses = Array.from({ length: 60 }, (_, i) => (i === 40 ? PASSWORD : `wrong-${i}`));
    const results = await Promise.all(guesses.map((password, i) => authenticate(db, { email: user.email, password, clientAddress: `10.60.0.${i}` })));
    expect(count(results, "invalid")).toBeLessThanOrEqual(LOGIN_LIMITS.perAccount.points);
    expect(count(results, "invalid") + count(results, "ok")).toBeLessThanOrEqual(LOGIN_LIMITS.perAccount.points);
    expect(count(results, "throttled")).toBeGreaterThanOrEqual(60 - LOGIN_LIMITS.perAccount.points);
    // Now the right password is refused too, unevaluated, for the rest of the window.
    const after = await authenticate(db, { email: user.email, password: PASSWORD, clientAddress: "10.61.0.1" });
    expect(after).toMatchObject({ ok: false, reason: "throttled" });
  });

  it("gives the point back on success: a right password does not count as a failure", async () => {
    const user = await newUser("giveback@auth.test");
    const db = ctx.handle.db;
    for (let i = 0; i < 10; i++) {
      const r = await authenticate(db, { email: user.email, password: PASSWORD, clientAddress: "10.62.0.1" });
      expect(r.ok).toBe(true);
    }
    for (let i = 0; i < LOGIN_LIMITS.perAccount.points; i++) {
      expect(await authenticate(db, { email: user.email, password: "nope", clientAddress: "10.62.0.1" })).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await authenticate(db, { email: user.email, password: PASSWORD, clientAddress: "10.62.0.1" })).toMatchObject({ reason: "throttled" });
  });

  it("holds the limit across two app instances (two connection pools on one PostgreSQL database)", async (test) => {
    if (ctx.handle.driver !== "pg") return test.skip();
    const user = await newUser("two-instances@auth.test");
    const other = await openDatabase({ url: ctx.handle.url!, poolSize: 20 });
    try {
      const dbs: Db[] = [ctx.handle.db, other.db];
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          authenticate(dbs[i % 2]!, { email: user.email, password: i === 59 ? PASSWORD : `wrong-${i}`, clientAddress: `10.63.${i % 2}.${i}` }),
        ),
      );
      expect(count(results, "invalid") + count(results, "ok")).toBeLessThanOrEqual(LOGIN_LIMITS.perAccount.points);
      expect(await authenticate(other.db, { email: user.email, password: PASSWORD, clientAddress: "10.64.0.1" })).toMatchObject({ reason: "throttled" });
    } finally {
      await other.close();
    }
  });

  it("deletes expired throttle rows (logins' and the API's) and keeps the live ones working", async () => {
    const db = ctx.handle.db;
    const now = new Date();
    await db.insert(rateLimits).values([
      { key: "login-account:old@auth.test", points: 5, expire: minutes(now, -1) },
      { key: "api-app:old-app", points: 500, expire: minutes(now, -60) },
      { key: "login-account:live@auth.test", points: 2, expire: minutes(now, 10) },
    ]);
    const removed = await deleteExpired(db, now);
    expect(removed.throttleRows).toBeGreaterThanOrEqual(2);
    const keys = (await db.select({ key: rateLimits.key }).from(rateLimits)).map((r) => r.key);
    expect(keys).toContain("login-account:live@auth.test");
    expect(keys).not.toContain("login-account:old@auth.test");
    expect(keys).not.toContain("api-app:old-app");
    // The API's limiter shares the table and still counts.
    expect(await consumeApiQuota(db, "old-app")).toEqual({ ok: true });
    const [api] = await db.select().from(rateLimits).where(eq(rateLimits.key, "api-app:old-app"));
    expect(api?.points).toBe(1);

    // Logins run the clean-up themselves, at most once a minute per instance.
    await db.insert(rateLimits).values({ key: "login-address:198.51.100.1", points: 30, expire: minutes(now, -5) });
    expect(await deleteExpiredIfDue(db, minutes(now, 2))).toBe(true);
    expect(await deleteExpiredIfDue(db, minutes(now, 2.5))).toBe(false);
    expect(await db.select().from(rateLimits).where(eq(rateLimits.key, "login-address:198.51.100.1"))).toEqual([]);
  });

  it("keeps a session while used, ends it after the idle timeout and at its absolute end", async () => {
    const db = ctx.handle.db;
    const user = await newUser("sessions@auth.test");
    const t0 = new Date("2026-12-01T08:00:00Z");
    const { token } = await createSession(db, { userId: user.id, userAgent: "test", ipAddress: "10.0.0.9", now: t0, policy: POLICY });
    // The database keeps only the token's hash.
    const [row] = await db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(row!.id).toBe(sessionId(token));
    expect(row!.id).not.toContain(token);

    const loaded = await loadSession(db, token, minutes(t0, 0.5), POLICY);
    expect(loaded).toMatchObject({ user: { id: user.id, email: user.email, role: "admin" }, customer: { id: customerId, nicHandle: "au99999-ovh" } });
    // Seen within the last minute: not written again.
    const seen = async () => (await db.select({ at: sessions.lastSeenAt }).from(sessions).where(eq(sessions.id, sessionId(token))))[0]!.at;
    expect((await seen()).toISOString()).toBe(t0.toISOString());
    // Used every 20 minutes, it stays open past the idle timeout's length...
    for (const m of [20, 40, 60]) expect(await loadSession(db, token, minutes(t0, m), POLICY)).not.toBeNull();
    expect((await seen()).toISOString()).toBe(minutes(t0, 60).toISOString());
    // ...then 31 minutes of silence end it.
    expect(await loadSession(db, token, minutes(t0, 91), POLICY)).toBeNull();
    expect(await isSessionLive(db, token, minutes(t0, 91), POLICY)).toBe(false);

    // However active, a session ends SESSION_MAX_HOURS after login.
    const { token: busy } = await createSession(db, { userId: user.id, now: t0, policy: POLICY });
    for (let m = 20; m < 12 * 60; m += 20) expect(await loadSession(db, busy, minutes(t0, m), POLICY)).not.toBeNull();
    expect(await loadSession(db, busy, minutes(t0, 12 * 60 + 1), POLICY)).toBeNull();
  });

  it("revokes one session, all of a user's, and the others on a password change", async () => {
    const db = ctx.handle.db;
    const user = await newUser("revoke@auth.test");
    const other = await newUser("revoke-other@auth.test");
    const now = new Date();
    const a = await createSession(db, { userId: user.id });
    const b = await createSession(db, { userId: user.id });
    const c = await createSession(db, { userId: user.id });
    const foreign = await createSession(db, { userId: other.id });

    expect(await revokeSession(db, a.token)).toBe(true);
    expect(await loadSession(db, a.token)).toBeNull();
    expect(await isSessionLive(db, a.token)).toBe(false);
    expect(await loadSession(db, b.token)).not.toBeNull();

    // A user cannot end another user's session by its id.
    expect(await revokeUserSession(db, user.id, foreign.id)).toBe(false);
    expect(await loadSession(db, foreign.token)).not.toBeNull();
    expect((await listUserSessions(db, user.id)).map((s) => s.id).sort()).toEqual([b.id, c.id].sort());

    // Password change: wrong current password or a short new one change nothing; then the others end, this one stays.
    expect(await changePassword(db, { userId: user.id, current: "wrong", next: "a brand new passphrase", keepSessionId: b.id })).toEqual({ ok: false, code: "wrong_password" });
    expect(await changePassword(db, { userId: user.id, current: PASSWORD, next: "short", keepSessionId: b.id })).toEqual({ ok: false, code: "too_short", min: 12 });
    expect(await loadSession(db, c.token)).not.toBeNull();
    expect(await changePassword(db, { userId: user.id, current: PASSWORD, next: "a brand new passphrase", keepSessionId: b.id })).toEqual({ ok: true, endedSessions: 1 });
    expect(await loadSession(db, c.token)).toBeNull();
    expect(await loadSession(db, b.token)).not.toBeNull();
    expect((await authenticate(db, { email: user.email, password: "a brand new passphrase", clientAddress: "10.70.0.1" })).ok).toBe(true);
    expect(await authenticate(db, { email: user.email, password: PASSWORD, clientAddress: "10.70.0.1" })).toEqual({ ok: false, reason: "invalid" });

    // Log out everywhere.
    expect(await revokeUserSessions(db, user.id, { now })).toBe(1);
    expect(await loadSession(db, b.token)).toBeNull();
    expect(await loadSession(db, foreign.token)).not.toBeNull();
  });

  it("turns TOTP on with a first code, accepts each code once, and counts wrong codes against the login limit", async () => {
    const db = ctx.handle.db;
    const user = await newUser("totp@auth.test");
    const started = await startTotpSetup(db, user, SECRET);
    if (!started.ok) throw new Error("set-up refused");
    expect(started.uri).toMatch(/^otpauth:\/\/totp\/.+\?.*secret=/);
    // Stored encrypted, never in clear.
    const [stored] = await db.select().from(userTotp).where(eq(userTotp.userId, user.id));
    expect(stored!.secretEncrypted).not.toContain(started.secret);
    expect(stored!.enabledAt).toBeNull();
    // Not on yet: the password alone still logs in.
    expect(await authenticate(db, { email: user.email, password: PASSWORD, clientAddress: "10.80.0.1" })).toMatchObject({ ok: true, secondFactor: false });

    const t = new Date("2026-12-01T09:00:10Z");
    expect(await confirmTotp(db, user.id, "000000" === totpCode(started.secret, t) ? "111111" : "000000", SECRET, t)).toEqual({ ok: false, code: "invalid_code" });
    const confirmed = await confirmTotp(db, user.id, totpCode(started.secret, t), SECRET, t);
    if (!confirmed.ok) throw new Error(`confirm refused: ${confirmed.code}`);
    expect(confirmed.recoveryCodes).toHaveLength(10);
    expect(new Set(confirmed.recoveryCodes).size).toBe(10);
    const hashes = await db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    expect(hashes).toHaveLength(10);
    for (const code of confirmed.recoveryCodes) expect(hashes.map((h) => h.codeHash)).not.toContain(code);
    expect(await startTotpSetup(db, user, SECRET)).toEqual({ ok: false, code: "already_enabled" });
    expect(await totpState(db, user, SECRET)).toMatchObject({ status: "on", recoveryCodesLeft: 10 });

    // The confirming code cannot be used again; the next step's code works once; an old or far one never.
    const next = new Date(t.getTime() + 30_000);
    expect(await verifyTotp(db, user.id, totpCode(started.secret, t), SECRET, t)).toBe(false);
    expect(await verifyTotp(db, user.id, totpCode(started.secret, next), SECRET, next)).toBe(true);
    expect(await verifyTotp(db, user.id, totpCode(started.secret, next), SECRET, next)).toBe(false);
    const later = new Date(t.getTime() + 10 * 60_000);
    expect(await verifyTotp(db, user.id, totpCode(started.secret, t), SECRET, later)).toBe(false);
    // One step of clock drift is accepted (the app 30 s behind).
    expect(await verifyTotp(db, user.id, totpCode(started.secret, new Date(later.getTime() - 30_000)), SECRET, later)).toBe(true);

    // Login: the password step asks for the code.
    const first = await authenticate(db, { email: user.email, password: PASSWORD, clientAddress: "10.80.0.2" });
    expect(first).toMatchObject({ ok: true, secondFactor: true });
    const challenge = await issueLoginChallenge(user, SECRET);
    expect(await readLoginChallenge(challenge, SECRET)).toEqual({ userId: user.id, email: user.email });
    expect(await readLoginChallenge(`${challenge.slice(0, -2)}xx`, SECRET)).toBeNull();
    expect(await readLoginChallenge(challenge, "another-secret-another-secret-another-secret")).toBeNull();

    const at = new Date(t.getTime() + 20 * 60_000);
    const ok = await authenticateSecondFactor(db, { userId: user.id, email: user.email, code: totpCode(started.secret, at), clientAddress: "10.80.0.3", authSecret: SECRET, now: at });
    expect(ok).toMatchObject({ ok: true, secondFactor: false });
    // Wrong codes count against the account's limit: after 5, even a right code is refused unevaluated.
    for (let i = 0; i < LOGIN_LIMITS.perAccount.points; i++) {
      const r = await authenticateSecondFactor(db, { userId: user.id, email: user.email, code: "000001", clientAddress: `10.81.0.${i}`, authSecret: SECRET, now: at });
      expect(r).toEqual({ ok: false, reason: "invalid" });
    }
    const late = new Date(at.getTime() + 60_000);
    expect(
      await authenticateSecondFactor(db, { userId: user.id, email: user.email, code: totpCode(started.secret, late), clientAddress: "10.82.0.1", authSecret: SECRET, now: late }),
    ).toMatchObject({ ok: false, reason: "throttled" });
    expect(await authenticate(db, { email: user.email, password: PASSWORD, clientAddress: "10.82.0.1" })).toMatchObject({ reason: "throttled" });

    // Turning it off needs a code or the password.
    expect(await disableTotp(db, user.id, { password: "wrong" }, SECRET)).toEqual({ ok: false, code: "invalid_proof" });
    expect(await disableTotp(db, user.id, { code: "123456" }, SECRET, new Date("2020-01-01T00:00:00Z"))).toEqual({ ok: false, code: "invalid_proof" });
    expect(await disableTotp(db, user.id, { password: PASSWORD }, SECRET)).toEqual({ ok: true });
    expect(await totpState(db, user, SECRET)).toEqual({ status: "off" });
    expect(await db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.id))).toEqual([]);
  });

  it("accepts each recovery code once, even when sent concurrently", async () => {
    const db = ctx.handle.db;
    const user = await newUser("recovery@auth.test");
    const started = await startTotpSetup(db, user, SECRET);
    if (!started.ok) throw new Error("set-up refused");
    const now = new Date();
    const confirmed = await confirmTotp(db, user.id, totpCode(started.secret, now), SECRET, now);
    if (!confirmed.ok) throw new Error("confirm refused");
    const [first, second] = confirmed.recoveryCodes;
    expect(await redeemRecoveryCode(db, user.id, first!.toUpperCase())).toBe(true);
    expect(await redeemRecoveryCode(db, user.id, first!)).toBe(false);
    const concurrent = await Promise.all(Array.from({ length: 10 }, () => redeemRecoveryCode(db, user.id, second!.replace("-", " "))));
    expect(concurrent.filter(Boolean)).toHaveLength(1);
    // As the login's second step too, and then never again.
    const third = confirmed.recoveryCodes[2]!;
    const login = (code: string) => authenticateSecondFactor(db, { userId: user.id, email: user.email, code, clientAddress: "10.90.0.1", authSecret: SECRET });
    expect(await login(third)).toMatchObject({ ok: true });
    expect(await login(third)).toEqual({ ok: false, reason: "invalid" });
    expect(await totpState(db, user, SECRET)).toMatchObject({ status: "on", recoveryCodesLeft: 7 });
  });
});
