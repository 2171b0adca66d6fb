import type { DatabaseHandle } from "@/db/client";

/**
 * The job queue's depth and the age of its oldest waiting job, for /metrics: pg-boss's own table (schema
 * "pgboss"), jobs created or waiting for a retry whose start time has come. One indexed count per scrape.
 */
export function queueProbe(handle: DatabaseHandle) {
  return async () => {
    const result = (await handle.executeSql(
      `select count(*)::int as depth, coalesce(extract(epoch from now() - min(start_after)), 0)::float8 as age
         from pgboss.job where state in ('created', 'retry') and start_after <= now()`,
      [],
    )) as { rows: Array<{ depth: number; age: number }> };
    const row = result.rows[0];
    return { depth: row?.depth ?? 0, oldestAgeSeconds: Math.max(0, row?.age ?? 0) };
  };
}
