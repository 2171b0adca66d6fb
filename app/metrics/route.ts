import { scrape } from "@/lib/ops/metrics.mjs";

/** Prometheus metrics of this instance. nginx does not expose this path: scrape the instances directly. */
export const dynamic = "force-dynamic";

export async function GET() {
  const { body, contentType } = await scrape();
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
}
