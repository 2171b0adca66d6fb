#!/usr/bin/env node
// The panel's HTTP server (`npm start`): Next's request handler behind a small Node server, because only the server
// sees the socket's peer address. Before Next sees a request, its forwarded headers are replaced by trusted values
// (lib/http/forwarded.mjs): X-Forwarded-* are believed only from the proxies in TRUST_PROXY.
//
//   PORT (default 3000), HOST (default: every interface), TRUST_PROXY (default: none)
//   node server.mjs            — after `next build`
//
// Other modules start it with `startServer()`; a hook per request goes in `handleRequest`, shutdown in `stop`.
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { compileTrust, sanitiseForwardedHeaders } from "./lib/http/forwarded.mjs";
import { withObservability } from "./lib/ops/http.mjs";
import { logger } from "./lib/ops/logger.mjs";
import { installGracefulShutdown } from "./lib/ops/shutdown.mjs";

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * Prepares Next (a production build in `dir`) and makes the HTTP server; does not listen.
 * @param {{ dir?: string, dev?: boolean, trustProxy?: string, port?: number, host?: string }} [options]
 */
export async function createPanelServer(options = {}) {
  const dev = options.dev ?? false;
  if (!dev) process.env.NODE_ENV ??= "production";
  const { default: next } = await import("next");
  const port = options.port ?? 3000;
  // The name Next uses for its own absolute URLs (never for the client's: see lib/http/request-origin.ts).
  const hostname = !options.host || options.host === "0.0.0.0" || options.host === "::" ? "localhost" : options.host;
  // As `next start` does: where Next fetches its own routes (an action's redirect), over plain HTTP to this server,
  // not at the scheme a TLS proxy forwarded.
  process.env.__NEXT_PRIVATE_ORIGIN ??= `http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`;
  const app = next({ dev, dir: options.dir ?? root, hostname, port });
  await app.prepare();
  const nextHandler = app.getRequestHandler();
  const trust = compileTrust(options.trustProxy ?? process.env.TRUST_PROXY);

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  async function handleRequest(req, res) {
    if (!sanitiseForwardedHeaders(req, trust)) {
      res.writeHead(400, { "content-type": "text/plain; charset=utf-8" }).end("Bad request: the Host header is not a host name.");
      return;
    }
    // An API write answers with one small object, where gzip costs more than it saves (issue 12: ~0.3 ms of each
    // call); reads may be long lists and stay compressed. Next drops a route's Content-Length, so its compression
    // cannot tell the size itself.
    if (req.method !== "GET" && req.method !== "HEAD" && req.url?.startsWith("/1.0/")) delete req.headers["accept-encoding"];
    await nextHandler(req, res);
  }

  // Each request gets its id (X-Request-Id), its latency in /metrics and one JSON log line (lib/ops/http.mjs).
  const server = http.createServer(withObservability((req, res) => {
    handleRequest(req, res).catch((error) => {
      logger().error({ err: error, reqId: req.headers["x-request-id"] }, "request failed");
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end("Internal server error");
    });
  }));
  return { app, server, handleRequest };
}

/**
 * Starts the panel on PORT/HOST (or the given ones) and stops it on SIGTERM/SIGINT.
 * @param {{ port?: number, host?: string, trustProxy?: string, dir?: string }} [options]
 */
export async function startServer(options = {}) {
  const port = options.port ?? Number(process.env.PORT || 3000);
  const host = options.host ?? (process.env.HOST || undefined);
  const panel = await createPanelServer({ ...options, port, host });
  await new Promise((resolve, reject) => {
    panel.server.once("error", reject);
    panel.server.listen(port, host, () => resolve(undefined));
  });
  logger().info({ port, host: host ?? "*" }, "panel listening");

  // SIGTERM/SIGINT: /readyz answers 503, no new connections, requests in flight finish, then the worker and the
  // database pool close (hooks registered in instrumentation.ts), then exit (lib/ops/shutdown.mjs).
  const { shutdown } = installGracefulShutdown(panel.server, { onDrain: () => panel.app.close?.() });
  const stop = () => shutdown("stop");
  return { ...panel, port, host, stop };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  startServer().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
