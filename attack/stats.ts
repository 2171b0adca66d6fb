import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { HttpResponse } from "./http";
import type { World } from "./seed";

/**
 * The counters of the final table, per part of the attack, and a few examples of each finding so the reader can see
 * why a column is not zero.
 */
export const COLUMNS = [
  "requests",
  "5xx",
  "hangs",
  "wrong answers",
  "unexpected changes",
  "leaks",
  "stuck keys",
  "pending work",
  "invariant violations",
  "lost/duplicated",
] as const;
export type Column = (typeof COLUMNS)[number];

type Part = Record<Column, number>;
const parts = new Map<string, Part>();
const examples = new Map<Column, string[]>();
/** Answers of the proxy itself (502/504 while an instance is down): expected around a kill -9, not the app's. */
let proxyErrors = 0;

function part(name: string): Part {
  let p = parts.get(name);
  if (!p) {
    p = Object.fromEntries(COLUMNS.map((c) => [c, 0])) as Part;
    parts.set(name, p);
  }
  return p;
}

export function count(partName: string, column: Column, example?: string, n = 1) {
  part(partName)[column] += n;
  if (example && column !== "requests") {
    const list = examples.get(column) ?? [];
    if (list.length < 500) list.push(`[${partName}] ${example}`.slice(0, 300));
    examples.set(column, list);
  }
}

export const isProxyError = (res: HttpResponse) => res.status >= 500 && /<center>nginx/.test(res.body);

let world: World | null = null;
export function setWorld(w: World) {
  world = w;
}

/**
 * Records one answer: counts it, its 5xx and hangs, and scans it for what it must not contain — another tenant's
 * markers (for `viewer` = the tenant whose user asked, or null when nobody is logged in) and secrets.
 */
export function record(partName: string, what: string, res: HttpResponse, viewer: "alpha" | "beta" | null, extraSecrets: string[] = []) {
  count(partName, "requests");
  if (res.status === -1) count(partName, "hangs", `${what}: no answer in ${Math.round(res.ms)} ms`);
  else if (isProxyError(res)) proxyErrors++;
  else if (res.status >= 500) count(partName, "5xx", `${what} → ${res.status} ${res.body.slice(0, 120).replace(/\s+/g, " ")}`);
  if (!world || !res.body) return;
  const haystack = `${res.body}\n${JSON.stringify(res.headers)}`;
  const foreign = [...(viewer !== "alpha" ? world.alpha.markers : []), ...(viewer !== "beta" ? world.beta.markers : [])];
  for (const marker of foreign) {
    if (haystack.includes(marker)) {
      count(partName, "leaks", `${what}: answer to ${viewer ?? "an anonymous client"} contains "${marker}"`);
      return;
    }
  }
  const compact = haystack.replace(/[\s\u00a0]/g, "");
  for (const secret of [...world.secrets, ...extraSecrets]) {
    if (secret && (haystack.includes(secret) || compact.includes(secret.replace(/\s/g, "")))) {
      count(partName, "leaks", `${what}: answer contains a secret (${secret.slice(0, 6)}…)`);
      return;
    }
  }
}

export function printTable(seconds: number) {
  const names = [...parts.keys()];
  const total = Object.fromEntries(COLUMNS.map((c) => [c, names.reduce((s, n) => s + parts.get(n)![c], 0)])) as Part;
  const rows: string[][] = [["part", ...COLUMNS], ...names.map((n) => [n, ...COLUMNS.map((c) => String(parts.get(n)![c]))]), ["TOTAL", ...COLUMNS.map((c) => String(total[c]))]];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(" | ")} |`;
  const rule = `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`;
  console.log("");
  console.log(line(rows[0]!));
  console.log(rule);
  for (const r of rows.slice(1, -1)) console.log(line(r));
  console.log(rule);
  console.log(line(rows.at(-1)!));
  console.log(`\n${Math.round(seconds)} s; proxy 502/504 while an instance was down (not counted): ${proxyErrors}`);
  const all: string[] = [];
  for (const column of COLUMNS) {
    const list = examples.get(column);
    if (!list?.length) continue;
    console.log(`\n${column}, e.g.:`);
    for (const e of list.slice(0, 6)) console.log(`  - ${e}`);
    all.push(`## ${column}`, ...list, "");
  }
  if (all.length) {
    const file = path.join(tmpdir(), `smspanel-attack-findings-${Date.now()}.txt`);
    writeFileSync(file, all.join("\n"));
    console.log(`\nevery finding (up to 500 per column): ${file}`);
  }
  return total;
}
