import { Readable } from "node:stream";
import { stringify } from "csv-stringify";

/**
 * A streamed CSV download: rows are produced one page at a time and written as they come, so an export of millions
 * of rows never sits in memory. Text that a spreadsheet would run as a formula (=, +, -, @ first) is neutralised.
 */
export function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvResponse(filename: string, columns: string[], rows: AsyncIterable<Array<string | number>>): Response {
  const csv = Readable.from(rows).pipe(stringify({ header: true, columns, bom: true }));
  return new Response(Readable.toWeb(csv) as ReadableStream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
      "cache-control": "no-store",
    },
  });
}
