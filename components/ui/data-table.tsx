import { cn } from "./cn";

/**
 * One table for every list of the panel (SMS accounts, orders, rates, history, transfers): a caption for assistive
 * technology, column headers, numbers right-aligned in tabular figures, and columns that step aside on a narrow
 * screen (the row's first cell then carries what matters of them, so no page scrolls sideways at 375 px).
 */
export type Column<Row> = {
  header: React.ReactNode;
  cell: (row: Row) => React.ReactNode;
  /** A number: right-aligned, tabular figures. */
  numeric?: boolean;
  /** The cell that names the row (`<th scope="row">`). Its weight comes from `className`, medium by default. */
  rowHeader?: boolean;
  /** Shown from this breakpoint up only. */
  from?: "sm" | "xl";
  className?: string;
  /** The column the rows are sorted by, and how (`aria-sort` on its header). */
  sort?: "ascending" | "descending";
};

const FROM = { sm: "col-sm", xl: "col-xl" } as const;

export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  framed = false,
  dense = false,
  rowClassName,
  className,
}: {
  caption: string;
  columns: Array<Column<Row>>;
  rows: Row[];
  rowKey: (row: Row) => string | number;
  /** A table on its own (bordered card, shaded header) rather than inside a card. */
  framed?: boolean;
  /** Shorter rows, for long reference lists. */
  dense?: boolean;
  rowClassName?: string;
  className?: string;
}) {
  // Cells are padded by the table's class (.dt, .dt-framed, .dt-dense in app/globals.css), not one by one. Each
  // column's attributes are worked out once per table, and an attribute without a value is left out rather than
  // sent as "undefined" in React's payload for every cell.
  const attributes = (className: string, sort?: Column<Row>["sort"]) => ({ ...(className ? { className } : {}), ...(sort ? { "aria-sort": sort } : {}) });
  const headCells = columns.map((column) => attributes(cn(column.numeric && "text-right", column.from && FROM[column.from]), column.sort));
  const bodyCells = columns.map((column) =>
    attributes(cn(column.numeric && "num text-right", column.from && FROM[column.from], column.rowHeader ? cn("text-left", column.className ?? "font-medium") : column.className)),
  );
  const row = rowClassName ? { className: rowClassName } : {};
  return (
    <div className={cn(framed ? "overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" : "overflow-x-auto", className)}>
      <table className={cn("w-full text-sm", framed ? "dt-framed" : "dt", framed && dense && "dt-dense")}>
        <caption className="sr-only">{caption}</caption>
        <thead className={cn("text-left text-xs uppercase tracking-wide text-slate-600", framed && "bg-slate-50")}>
          <tr>
            {columns.map((column, n) => (
              <th key={n} scope="col" {...headCells[n]}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((item) => (
            <tr key={rowKey(item)} {...row}>
              {columns.map((column, n) =>
                column.rowHeader ? (
                  <th key={n} scope="row" {...bodyCells[n]}>
                    {column.cell(item)}
                  </th>
                ) : (
                  <td key={n} {...bodyCells[n]}>
                    {column.cell(item)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
