import http from "node:http";
import https from "node:https";

/**
 * A raw HTTP client for the attack: node:http gives what fetch refuses an attacker (any Host, X-Forwarded-*, a
 * chosen source address on the loopback, malformed paths) and never follows redirects. Self-signed TLS is accepted:
 * the only servers it talks to are the ones this script started on 127.0.0.1.
 */
export type HttpResponse = {
  status: number; // 0: the connection failed; -1: no answer within the timeout
  headers: http.IncomingHttpHeaders;
  body: string;
  ms: number;
  error?: string;
};

export type HttpRequest = {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Source address of the connection (127.0.0.x), to look like another client to the server. */
  localAddress?: string;
  timeoutMs?: number;
};

const agents = new Map<string, http.Agent>();
function agentFor(protocol: string, localAddress: string | undefined): http.Agent {
  const key = `${protocol}${localAddress ?? ""}`;
  let agent = agents.get(key);
  if (!agent) {
    agent =
      protocol === "https:"
        ? new https.Agent({ keepAlive: true, maxSockets: 64, rejectUnauthorized: false, localAddress })
        : new http.Agent({ keepAlive: true, maxSockets: 64, localAddress });
    agents.set(key, agent);
  }
  return agent;
}

export function closeAgents() {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

export function request(input: HttpRequest): Promise<HttpResponse> {
  const started = performance.now();
  const url = new URL(input.url);
  // The path as given: an attacker's path may hold escapes or bytes that URL would normalise.
  const rawPath = input.url.slice(input.url.indexOf("/", url.protocol.length + 2)) || "/";
  const lib = url.protocol === "https:" ? https : http;
  const body = input.body === undefined ? undefined : Buffer.isBuffer(input.body) ? input.body : Buffer.from(input.body, "utf8");
  return new Promise((resolve) => {
    let settled = false;
    const done = (res: HttpResponse) => {
      if (!settled) {
        settled = true;
        resolve(res);
      }
    };
    const req = lib.request(
      {
        host: url.hostname,
        port: url.port,
        method: input.method ?? "GET",
        path: rawPath,
        headers: { ...(body ? { "content-length": String(body.length) } : {}), ...input.headers },
        agent: agentFor(url.protocol, input.localAddress),
        timeout: input.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          // Keep at most 4 MB of an answer: enough to scan, bounded memory.
          if (size < 4_000_000) chunks.push(c);
          size += c.length;
        });
        res.on("end", () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8"), ms: performance.now() - started }));
        res.on("error", (e) => done({ status: 0, headers: {}, body: "", ms: performance.now() - started, error: e.message }));
      },
    );
    req.on("timeout", () => {
      req.destroy(new Error("timeout"));
      done({ status: -1, headers: {}, body: "", ms: performance.now() - started, error: "timeout" });
    });
    req.on("error", (e) => done({ status: 0, headers: {}, body: "", ms: performance.now() - started, error: e.message }));
    if (body) req.write(body);
    req.end();
  });
}

/** A multipart/form-data body, fields in order (a name may repeat: that is how a browser sends a list). */
export function multipart(fields: Array<[string, string]>): { body: Buffer; contentType: string } {
  const boundary = `----attack${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of fields) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name.replace(/"/g, "%22")}"\r\n\r\n`, "utf8"));
    parts.push(Buffer.from(value, "utf8"));
    parts.push(Buffer.from("\r\n"));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
