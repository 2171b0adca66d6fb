// @ts-check
import { logger } from "./logger.mjs";
import { requestIdFrom } from "./request-id.mjs";
import { metrics } from "./metrics.mjs";
import { routeTemplate } from "./routes.mjs";

/**
 * What the HTTP server does around every request: give it a request id (kept from nginx's `X-Request-Id` when
 * present, else new), answer it in `X-Request-Id`, time it into the latency histogram (per route template) and log
 * one JSON line when it ends. The custom server wraps Next's handler with it:
 * `http.createServer(withObservability((req, res) => handle(req, res)))`.
 *
 * The API's own id (`X-OVH-QueryId`) is logged alongside when the response carries it.
 *
 * @template {import("node:http").IncomingMessage} Req
 * @template {import("node:http").ServerResponse} Res
 * @param {(req: Req, res: Res) => unknown} handler
 * @returns {(req: Req, res: Res) => unknown}
 */
export function withObservability(handler) {
  const log = logger();
  const { httpDuration } = metrics();
  return (req, res) => {
    const started = process.hrtime.bigint();
    const reqId = requestIdFrom(req.headers["x-request-id"]);
    req.headers["x-request-id"] = reqId;
    res.setHeader("x-request-id", reqId);
    res.once("close", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      const route = routeTemplate(path);
      const status = res.writableFinished ? res.statusCode : 499;
      httpDuration.observe({ method: req.method ?? "GET", route, status: String(status) }, seconds);
      if (route === "/_next/static/*" || route === "/healthz" || route === "/metrics") return;
      const queryId = res.getHeader("x-ovh-queryid");
      log.info(
        { reqId, ...(queryId ? { queryId } : {}), method: req.method, path, route, status, ms: Math.round(seconds * 10000) / 10 },
        "request",
      );
    });
    return handler(req, res);
  };
}
