import { execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { SERVER_URL } from "./database";

/**
 * The peer of the page figures (issue 12): nextjs/saas-starter, a Next.js + Drizzle + PostgreSQL starter, at a
 * pinned commit, installed and built in a temporary folder (never in this repository), its Google font and Stripe
 * calls stubbed (no network at build or run time), served by `next start` on the same PostgreSQL server as the panel,
 * with one signed-in user. Only with BENCH_PEER=1: the first run installs and builds it (minutes); later runs reuse
 * the build. BENCH_PEER_SOURCE: where to clone it from (default GitHub).
 */
const COMMIT = "e0dc5d40ce26c01672557912b533d25e32957ad4";
const SOURCE = process.env.BENCH_PEER_SOURCE ?? "https://github.com/nextjs/saas-starter.git";
const DIR = path.join(os.tmpdir(), `peer-saas-starter-${COMMIT.slice(0, 10)}`);
const PORT = Number(process.env.BENCH_PORT ?? 3290) + 2;
const SECRET = "peer-bench-secret-peer-bench-secret-0123";

export type PeerTarget = { name: string; role: "dashboard" | "login"; url: string; init: RequestInit; pid?: number; stop?: () => Promise<void> };

function run(command: string, args: string[], env: Record<string, string> = {}) {
  execFileSync(command, args, { cwd: DIR, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } });
}

/** Clone at the pinned commit, stub the network, install, build: once per machine. */
function prepare(report: (line: string) => void) {
  if (existsSync(path.join(DIR, ".next", "BUILD_ID"))) return;
  report(`peer: installing nextjs/saas-starter@${COMMIT.slice(0, 7)} into ${DIR} (once)`);
  if (!existsSync(path.join(DIR, "package.json"))) {
    execFileSync("git", ["clone", "--quiet", SOURCE, DIR], { stdio: "inherit" });
    run("git", ["checkout", "--quiet", COMMIT]);
  }
  // Google Fonts are fetched at build time: the page keeps its layout with the system font.
  const layout = path.join(DIR, "app", "layout.tsx");
  writeFileSync(layout, readFileSync(layout, "utf8").replace("import { Manrope } from 'next/font/google';", "").replace("const manrope = Manrope({ subsets: ['latin'] });", "const manrope = { className: '' };"));
  // The pricing page asks Stripe for prices when built: rendered on request instead (never measured here).
  const pricing = path.join(DIR, "app", "(dashboard)", "pricing", "page.tsx");
  writeFileSync(pricing, readFileSync(pricing, "utf8").replace("export const revalidate = 3600;", "export const dynamic = 'force-dynamic';"));
  // Its Stripe client names an API version that a newer stripe package (npm takes the newest ^18) types differently.
  const stripe = path.join(DIR, "lib", "payments", "stripe.ts");
  writeFileSync(stripe, readFileSync(stripe, "utf8").replace("apiVersion: '2025-04-30.basil'", "apiVersion: '2025-04-30.basil' as never"));
  if (!existsSync(path.join(DIR, "node_modules", "next"))) run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"]);
  run("npx", ["next", "build"], { POSTGRES_URL: "postgres://unused", AUTH_SECRET: SECRET, STRIPE_SECRET_KEY: "sk_test_stub", BASE_URL: "http://localhost" });
}

export async function peerTargets(report: (line: string) => void): Promise<PeerTarget[]> {
  if (process.env.BENCH_PEER !== "1") return [];
  prepare(report);
  const name = `${process.env.BENCH_DATABASE_PREFIX ?? "smspanel_bench"}_peer_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const dropDatabase = async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  };
  try {
    // Its schema (its own migrations) and one user in one team, as its seed makes them (the seed also calls Stripe).
    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    const migrations = path.join(DIR, "lib", "db", "migrations");
    for (const file of readdirSync(migrations).filter((f) => f.endsWith(".sql")).sort()) {
      for (const statement of readFileSync(path.join(migrations, file), "utf8").split("--> statement-breakpoint")) await db.query(statement);
    }
    const peerRequire = createRequire(path.join(DIR, "package.json"));
    const bcrypt = peerRequire("bcryptjs") as { hash: (p: string, rounds: number) => Promise<string> };
    const {
      rows: [user],
    } = await db.query("insert into users (email, password_hash, role) values ('test@test.com', $1, 'owner') returning id", [await bcrypt.hash("admin123", 10)]);
    const {
      rows: [team],
    } = await db.query("insert into teams (name) values ('Test Team') returning id");
    await db.query("insert into team_members (team_id, user_id, role) values ($1, $2, 'owner')", [team.id, user.id]);
    await db.end();

    const proc = spawn(process.execPath, [path.join(DIR, "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(PORT)], {
      cwd: DIR,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", POSTGRES_URL: url.toString(), AUTH_SECRET: SECRET, STRIPE_SECRET_KEY: "sk_test_stub", BASE_URL: `http://localhost:${PORT}` },
    });
    const base = `http://localhost:${PORT}`;
    for (;;) {
      if (proc.exitCode !== null) throw new Error("the peer exited during start-up");
      try {
        if ((await fetch(`${base}/sign-in`)).ok) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    // Its session cookie, made as its own sign-in action makes it (lib/auth/session.ts setSession).
    const jose = peerRequire("jose") as typeof import("jose");
    const token = await new jose.SignJWT({ user: { id: user.id }, expires: new Date(Date.now() + 86_400_000).toISOString() })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuedAt()
      .setExpirationTime("1 day from now")
      .sign(new TextEncoder().encode(SECRET));
    const dashboard = await fetch(`${base}/dashboard`, { headers: { cookie: `session=${token}` }, redirect: "manual" });
    if (dashboard.status !== 200) throw new Error(`the peer's dashboard answered ${dashboard.status} when signed in`);
    const stop = async () => {
      proc.kill("SIGTERM");
      await new Promise((r) => proc.once("exit", r));
      await dropDatabase();
    };
    return [
      { name: "peer: signed-in /dashboard", role: "dashboard", url: `${base}/dashboard`, init: { headers: { cookie: `session=${token}` } }, pid: proc.pid, stop },
      { name: "peer: /sign-in, signed out", role: "login", url: `${base}/sign-in`, init: {} },
    ];
  } catch (error) {
    await dropDatabase();
    throw error;
  }
}
