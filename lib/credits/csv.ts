import { pipeline, Readable } from "node:stream";
import { stringify } from "csv-stringify";

/**
 * A streamed CSV download: rows are produced one page at a time and written as they come, so an export of millions
 * of rows never sits in memory. Text that a spreadsheet would run as a formula (=, +, -, @ first) is neutralised.
 */
export function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvResponse(filename: string, columns: string[], rows: AsyncIterable<Array<string | number>>): Response {
  // pipeline, not pipe: an error while reading rows ends the download (the client sees it cut short) instead of
  // leaving the response open forever.
  const csv = stringify({ header: true, columns, bom: true });
  pipeline(Readable.from(rows), csv, (error) => {
    if (error) console.error("[csv] export failed", error);
  });
  return new Response(Readable.toWeb(csv) as ReadableStream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`,
      "cache-control": "no-store",
    },
  });
}
