import { checkReadiness } from "@/lib/ops/readiness";

/** Readiness: 200 when this instance can serve (database, migrations, workers, not draining), else 503 with why. */
export const dynamic = "force-dynamic";

export async function GET() {
  const readiness = await checkReadiness();
  return Response.json(readiness, { status: readiness.ready ? 200 : 503, headers: { "cache-control": "no-store" } });
}
