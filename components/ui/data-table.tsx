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

const FROM = { sm: "hidden sm:table-cell", xl: "hidden xl:table-cell" } as const;

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
  const headPad = framed ? "px-4 py-3" : "py-2 pr-3 last:pr-0";
  const cellPad = framed ? (dense ? "px-4 py-2" : "px-4 py-3") : "py-2 pr-3 last:pr-0";
  const cellClass = (column: Column<Row>) =>
    cn(cellPad, column.numeric && "num text-right", column.from && FROM[column.from], column.rowHeader ? cn("text-left", column.className ?? "font-medium") : column.className);
  return (
    <div className={cn(framed ? "overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" : "overflow-x-auto", className)}>
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className={cn("text-left text-xs uppercase tracking-wide text-slate-600", framed && "bg-slate-50")}>
          <tr>
            {columns.map((column, n) => (
              <th key={n} scope="col" aria-sort={column.sort} className={cn(headPad, column.numeric && "text-right", column.from && FROM[column.from])}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={rowKey(row)} className={rowClassName}>
              {columns.map((column, n) =>
                column.rowHeader ? (
                  <th key={n} scope="row" className={cellClass(column)}>
                    {column.cell(row)}
                  </th>
                ) : (
                  <td key={n} className={cellClass(column)}>
                    {column.cell(row)}
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
