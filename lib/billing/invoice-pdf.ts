import { readFile } from "node:fs/promises";
import path from "node:path";
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, rgb, type PDFFont, type PDFPage } from "pdf-lib";

/**
 * The PDF of an invoice (pdf-lib), A4, from texts already translated and figures already formatted by the caller
 * (the same formatters as the invoice page): this module only lays them out. DejaVu Sans is embedded (subset) so
 * every language's letters (ł, ś, €, zł) print and read back as text.
 */
export type InvoicePdfContent = {
  title: string;
  /** Label/value pairs under the title: invoice number, date of issue, order, payment. */
  facts: Array<[string, string]>;
  seller: { heading: string; lines: string[] };
  customer: { heading: string; lines: string[] };
  columns: { item: string; quantity: string; unitPrice: string; amount: string };
  line: { item: string; detail: string; quantity: string; unitPrice: string; amount: string };
  totals: Array<{ label: string; value: string; strong?: boolean }>;
  footer: string;
  /** Document metadata. */
  meta: { title: string; author: string; subject: string; language: string };
};

const FONT_DIR = path.join(process.cwd(), "node_modules", "dejavu-fonts-ttf", "ttf");
let fonts: Promise<{ regular: Uint8Array; bold: Uint8Array }> | undefined;
function fontBytes() {
  fonts ??= Promise.all([readFile(path.join(FONT_DIR, "DejaVuSans.ttf")), readFile(path.join(FONT_DIR, "DejaVuSans-Bold.ttf"))]).then(
    ([regular, bold]) => ({ regular, bold }),
  );
  return fonts;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const INK = rgb(0.06, 0.09, 0.16);
const MUTED = rgb(0.28, 0.33, 0.41);
const RULE = rgb(0.8, 0.83, 0.87);

/** Splits a text into lines no wider than `width` at `size` (on spaces; a word longer than a line is cut). */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = current ? `${current} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width) {
      current = candidate;
      continue;
    }
    if (current) lines.push(current);
    current = word;
    while (font.widthOfTextAtSize(current, size) > width && current.length > 1) {
      let cut = current.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(current.slice(0, cut), size) > width) cut--;
      lines.push(current.slice(0, cut));
      current = current.slice(cut);
    }
  }
  if (current) lines.push(current);
  return lines.length ? lines : [""];
}

export async function renderInvoicePdf(content: InvoicePdfContent): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const bytes = await fontBytes();
  const regular = await doc.embedFont(bytes.regular, { subset: true });
  const bold = await doc.embedFont(bytes.bold, { subset: true });
  doc.setTitle(content.meta.title);
  doc.setAuthor(content.meta.author);
  doc.setSubject(content.meta.subject);
  doc.setLanguage(content.meta.language);
  doc.setCreator("SMS credits panel");
  const page = doc.addPage(A4);
  const [pageWidth, pageHeight] = A4;
  const right = pageWidth - MARGIN;
  let y = pageHeight - MARGIN;

  const text = (p: PDFPage, value: string, x: number, at: number, size = 10, font = regular, color = INK) =>
    p.drawText(value, { x, y: at, size, font, color });
  const textRight = (value: string, x: number, at: number, size = 10, font = regular, color = INK) =>
    text(page, value, x - font.widthOfTextAtSize(value, size), at, size, font, color);

  text(page, content.title, MARGIN, y - 18, 20, bold);
  y -= 44;
  for (const [label, value] of content.facts) {
    text(page, label, MARGIN, y, 10, regular, MUTED);
    text(page, value, MARGIN + 130, y, 10, bold);
    y -= 15;
  }

  // Seller and customer, side by side.
  y -= 15;
  const columnWidth = (right - MARGIN - 30) / 2;
  const block = (x: number, heading: string, lines: string[]) => {
    let at = y;
    text(page, heading.toUpperCase(), x, at, 8, bold, MUTED);
    at -= 15;
    lines.forEach((line, i) => {
      for (const part of wrap(line, i === 0 ? bold : regular, 10, columnWidth)) {
        text(page, part, x, at, 10, i === 0 ? bold : regular);
        at -= 13;
      }
    });
    return at;
  };
  y = Math.min(block(MARGIN, content.seller.heading, content.seller.lines), block(MARGIN + columnWidth + 30, content.customer.heading, content.customer.lines));

  // The line of the invoice: item, then quantity, unit price and amount right-aligned on fixed columns.
  y -= 25;
  // Right edges and widths of the numeric columns; a heading longer than its column wraps within it.
  const colAmount = right;
  const colUnit = right - 110;
  const colQuantity = right - 230;
  const itemWidth = colQuantity - 80 - MARGIN;
  const headings: Array<[string, number, number, boolean]> = [
    [content.columns.item, MARGIN, itemWidth, false],
    [content.columns.quantity, colQuantity, 70, true],
    [content.columns.unitPrice, colUnit, 100, true],
    [content.columns.amount, colAmount, 100, true],
  ];
  let headingLines = 1;
  for (const [label, x, width, alignRight] of headings) {
    const lines = wrap(label.toUpperCase(), bold, 8, width);
    headingLines = Math.max(headingLines, lines.length);
    lines.forEach((line, i) =>
      alignRight ? textRight(line, x, y - i * 10, 8, bold, MUTED) : text(page, line, x, y - i * 10, 8, bold, MUTED),
    );
  }
  y -= 8 + (headingLines - 1) * 10;
  page.drawLine({ start: { x: MARGIN, y }, end: { x: right, y }, thickness: 0.75, color: RULE });
  y -= 15;
  textRight(content.line.quantity, colQuantity, y);
  textRight(content.line.unitPrice, colUnit, y);
  textRight(content.line.amount, colAmount, y);
  for (const part of wrap(content.line.item, regular, 10, itemWidth)) {
    text(page, part, MARGIN, y);
    y -= 13;
  }
  text(page, content.line.detail, MARGIN, y, 8, regular, MUTED);
  y -= 10;
  page.drawLine({ start: { x: MARGIN, y }, end: { x: right, y }, thickness: 0.75, color: RULE });

  y -= 18;
  for (const total of content.totals) {
    const font = total.strong ? bold : regular;
    textRight(total.label, colUnit, y, 10, font, total.strong ? INK : MUTED);
    textRight(total.value, colAmount, y, 10, font);
    y -= 16;
  }

  const footer = wrap(content.footer, regular, 8, right - MARGIN);
  footer.forEach((part, i) => text(page, part, MARGIN, MARGIN + (footer.length - 1 - i) * 11, 8, regular, MUTED));
  return doc.save();
}
