import type * as Xlsx from 'exceljs';
import ExcelJS from '../documents/exceljs.ts';
import { PURPOSE_LABELS, type Purpose, SOURCE_LABELS, type Source } from '@xinfang/contract';
import { renderNarrative } from '../../domain/statistics/narrative.ts';
import type { Report } from '../../domain/statistics/report.ts';
import { displayWidth, fittedWidths, officeSheet } from '../documents/xlsx-layout.ts';
import { renderBarChart } from './report-chart.ts';
import { categoryTable, channelChartSpec, channelTable, groupTable, rateTable } from './report-rows.ts';

/** Narrative paragraphs wrap in a column this wide instead of stretching it. */
const TEXT_COLUMN_MAX = 80;

/**
 * The report's figures as an Excel workbook, one sheet per breakdown, each ready to print (A4
 * landscape, one page wide, header row repeated and frozen, columns as wide as their content);
 * the channel sheet carries the report's chart beside its table.
 */
export async function reportXlsx(report: Report, asOf: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'xinfang';
  const sheet = (name: string, rows: string[][]) => {
    const ws = workbook.addWorksheet(name, officeSheet());
    for (const row of rows) ws.addRow(row.map((c) => (/^-?\d+$/.test(c) ? Number(c) : c)));
    ws.getRow(1).font = { bold: true };
    fittedWidths(rows, 8, TEXT_COLUMN_MAX).forEach((width, i) => {
      const column = ws.getColumn(i + 1);
      column.width = width;
      if (width === TEXT_COLUMN_MAX)
        column.eachCell((cell) => {
          cell.alignment = { wrapText: true, vertical: 'top' };
          // Row heights are not recomputed on opening by every program: give wrapped rows theirs.
          const lines = Math.ceil(displayWidth(cell.value) / (TEXT_COLUMN_MAX - 2));
          if (lines > 1) ws.getRow(Number(cell.row)).height = 15 * lines;
        });
    });
    return ws;
  };
  sheet('概况', [
    ['项目', '内容'],
    ['统计期间', `${report.from} 至 ${report.to}`],
    ['统计截止', asOf],
    ['总批次', String(report.total.batches)],
    ['总人次', String(report.total.persons)],
    ['集体访批次', String(report.collective.batches)],
    ['集体访人次', String(report.collective.persons)],
    ['个体访批次', String(report.individual.batches)],
    ['个体访人次', String(report.individual.persons)],
    ['领导接访批次', String(report.leaderReceptions.batches)],
    ['领导接访人次', String(report.leaderReceptions.persons)],
    ['已办结', String(report.concluded)],
    ['正在办理', String(report.inProgress)],
    ...renderNarrative(report).paragraphs.map((p, i) => [i === 0 ? '文字说明' : '', p]),
  ]);
  const channels = channelTable(report);
  const channelSheet = sheet('信访形式', channels);
  const chart = renderBarChart(channelChartSpec(report));
  const image = workbook.addImage({ buffer: chart.png as unknown as Xlsx.Buffer, extension: 'png' });
  // Beside the table: one empty column after its last, from the top; 576 × 320 px as in the .docx.
  channelSheet.addImage(image, {
    tl: { col: channels[0].length + 1, row: 0 },
    ext: { width: 576, height: Math.round((576 * chart.height) / chart.width) },
  });
  sheet('内容分类', categoryTable(report));
  sheet('各项比率', rateTable(report));
  sheet('问题属地', groupTable('问题属地', report.byRegion));
  sheet('责任单位', groupTable('责任单位', report.byUnit));
  sheet(
    '信访目的',
    groupTable(
      '信访目的',
      report.byPurpose.map((r) => ({ ...r, name: PURPOSE_LABELS[r.name as Purpose] ?? r.name })),
    ),
  );
  sheet(
    '来源',
    groupTable(
      '来源',
      report.bySource.map((r) => ({ ...r, name: SOURCE_LABELS[r.name as Source] ?? r.name })),
    ),
  );
  sheet('退回次数', [['单位', '退回次数'], ...report.bouncesByUnit.map((b) => [b.unit, String(b.count)])]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
