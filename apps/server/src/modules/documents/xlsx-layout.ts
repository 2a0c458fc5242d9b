import type ExcelJS from 'exceljs';

/**
 * Page setup for printing on office printers: A4 landscape, one page wide (as many pages tall as
 * needed), the header row repeated on every printed page.
 */
export const PRINT_SETUP: Partial<ExcelJS.PageSetup> = {
  paperSize: 9, // A4
  orientation: 'landscape',
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  printTitlesRow: '1:1',
  horizontalCentered: true,
  margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
};

/** The header row stays in view while scrolling. */
export const FROZEN_HEADER: Array<Partial<ExcelJS.WorksheetView>> = [
  { state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2' },
];

/** Options for a sheet that prints well and keeps its header: pass to addWorksheet. */
export const officeSheet = (): Partial<ExcelJS.AddWorksheetOptions> => ({
  pageSetup: { ...PRINT_SETUP },
  views: FROZEN_HEADER.map((v) => ({ ...v })),
});

/** East Asian wide characters (CJK, full-width forms) take two columns of a character grid. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** How many character columns a text takes in Excel's width unit (a wide character counts two). */
export function displayWidth(value: unknown): number {
  const text = value === null || value === undefined ? '' : String(value);
  let width = 0;
  for (const ch of text) width += WIDE.test(ch) ? 2 : 1;
  return width;
}

/** Column widths that fit the longest cell of each column (plus padding), within [min, max]. */
export function fittedWidths(rows: readonly (readonly unknown[])[], min = 6, max = 60): number[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell));
    });
  return widths.map((w) => Math.min(max, Math.max(min, w + 2)));
}
