import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, it } from "vitest";
import { withObservability } from "@/lib/ops/http.mjs";
import { scrape } from "@/lib/ops/metrics.mjs";

function get(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ id: string | undefined; seen: string }>((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path, headers, agent: false }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ id: res.headers["x-request-id"] as string | undefined, seen: body }));
      })
      .on("error", reject);
  });
}

it("gives each request an id (kept from the proxy when it looks like one), and times it per route template", async () => {
  process.env.LOG_LEVEL = "silent";
  const server = http.createServer(withObservability((req, res) => void res.end(String(req.headers["x-request-id"]))));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  try {
    const fromProxy = await get(port, "/telecom/sms/sms-ab12345-1/transfer", { "x-request-id": "0123456789abcdef0123" });
    expect(fromProxy).toEqual({ id: "0123456789abcdef0123", seen: "0123456789abcdef0123" });
    const forged = await get(port, "/billing/orders/42", { "x-request-id": "not an id; <script>" });
    expect(forged.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(forged.seen).toBe(forged.id); // the app sees the id the client gets back
    await new Promise((r) => setTimeout(r, 20));
    const { body } = await scrape();
    expect(body).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/telecom\/sms\/:id\/transfer",status="200"\} 1/);
    expect(body).toMatch(/route="\/billing\/orders\/:id"/);
  } finally {
    server.close();
  }
});
