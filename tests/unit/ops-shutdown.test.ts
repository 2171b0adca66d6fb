import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { installGracefulShutdown, isDraining, onShutdown } from "@/lib/ops/shutdown.mjs";

/** A real HTTP server and real sockets: what a rolling restart does to a request in flight. */
function get(port: number, path: string): Promise<{ status: number; body: string; connection?: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path, agent: false }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
      })
      .on("error", reject);
  });
}

const g = globalThis as Record<string, unknown>;
afterEach(() => {
  g.__smsPanelDraining = undefined;
  g.__smsPanelShutdownHooks = undefined;
});

describe("installGracefulShutdown", () => {
  it("finishes the request in flight, refuses new connections, runs the hooks in order, then exits 0", async () => {
    const events: string[] = [];
    let received!: () => void;
    const slowArrived = new Promise<void>((r) => (received = r));
    const server = http.createServer((req, res) => {
      if (req.url === "/slow") {
        received();
        setTimeout(() => res.end("slow done"), 300);
      } else res.end("fast");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    onShutdown("database", () => void events.push("database closed"));
    onShutdown("worker", () => void events.push("worker stopped"));
    let exitCode: number | undefined;
    const { shutdown } = installGracefulShutdown(server, {
      signals: [],
      exit: (code) => void (exitCode = code),
      onDrain: () => void events.push("onDrain"),
    });

    const slow = get(port, "/slow");
    // The request is in flight once the server has it (a fixed wait was too short on a busy machine).
    await slowArrived;
    const done = shutdown("test");
    expect(isDraining()).toBe(true);
    await expect(get(port, "/fast")).rejects.toThrow(/ECONNREFUSED/);
    expect(events).toEqual([]); // nothing closes while a request runs
    const answered = await slow;
    expect(answered).toMatchObject({ status: 200, body: "slow done" });
    await done;
    expect(events).toEqual(["onDrain", "worker stopped", "database closed"]);
    expect(exitCode).toBe(0);
    expect(server.listening).toBe(false);
  });

  it("exits 1 when a request does not finish within the timeout", async () => {
    let arrived!: () => void;
    const inFlight = new Promise<void>((r) => (arrived = r));
    const server = http.createServer(() => arrived()); // never answers
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    const exited = new Promise<number>((resolve) => {
      const { shutdown } = installGracefulShutdown(server, { signals: [], timeoutMs: 200, exit: resolve });
      get(port, "/hang").catch(() => {});
      // Shut down once the request is in flight (a fixed delay raced the request on a busy machine).
      void inFlight.then(() => shutdown("test"));
    });
    expect(await exited).toBe(1);
    server.closeAllConnections();
  });
});
