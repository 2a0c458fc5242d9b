import {
  AlignmentType,
  Document,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { periodLabel, renderNarrative } from '../../domain/statistics/narrative.ts';
import type { Report } from '../../domain/statistics/report.ts';
import { renderBarChart } from './report-chart.ts';
import { categoryTable, channelChartSpec, channelTable, rateTable } from './report-rows.ts';

const FONT = { ascii: 'FangSong', eastAsia: '仿宋_GB2312', hAnsi: 'FangSong' };
const text = (t: string, opts: { bold?: boolean; size?: number } = {}) =>
  new TextRun({ text: t, font: FONT, size: opts.size ?? 28, bold: opts.bold });

function table(rows: string[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(
      (cells, r) =>
        new TableRow({
          tableHeader: r === 0,
          children: cells.map(
            (c) =>
              new TableCell({
                children: [
                  new Paragraph({
                    alignment: AlignmentType.CENTER,
                    children: [text(c, { bold: r === 0, size: 21 })],
                  }),
                ],
              }),
          ),
        }),
    ),
  });
}

const heading = (t: string) =>
  new Paragraph({ spacing: { before: 240, after: 120 }, children: [text(t, { bold: true, size: 30 })] });

/** The statistics section as a Word draft: the narrative, the tables and a chart. */
export async function reportDocx(report: Report, asOf: string): Promise<Buffer> {
  const spec = channelChartSpec(report);
  const rendered = renderBarChart(spec);
  // Word draws the SVG, LibreOffice the PNG: both are the one ECharts drawing.
  const chart = new ImageRun({
    type: 'svg',
    data: Buffer.from(rendered.svg),
    fallback: { type: 'png', data: rendered.png },
    transformation: { width: 576, height: Math.round((576 * rendered.height) / rendered.width) },
    altText: { name: spec.title, title: spec.title, description: rendered.description },
  });
  const doc = new Document({
    creator: 'xinfang',
    title: '信访工作统计',
    sections: [
      {
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 240 },
            children: [
              text(`${periodLabel(report.from, report.to)}信访工作统计情况`, { bold: true, size: 40 }),
            ],
          }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [text(`统计期间：${report.from} 至 ${report.to}（数据截至 ${asOf}）`, { size: 24 })],
          }),
          heading('一、总体情况'),
          ...renderNarrative(report).paragraphs.map(
            (p) => new Paragraph({ indent: { firstLine: 560 }, spacing: { line: 480 }, children: [text(p)] }),
          ),
          heading('二、按信访形式'),
          table(channelTable(report)),
          new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 200 }, children: [chart] }),
          heading('三、按内容分类'),
          table(categoryTable(report)),
          heading('四、各项比率及口径'),
          table(rateTable(report)),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
