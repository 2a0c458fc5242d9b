import {
  AlignmentType,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';

import { a4Page, BODY_FONT as FONT, TITLE_FONT } from './docx-style.ts';

const SIZE = 28; // 四号

export type ReceiptFacts = {
  issuerUnit: string;
  caseNo: string;
  addressee: string;
  documentTitle: string;
  documentNo: string;
  issuedDate: string;
  /** Filled when the delivery was already recorded; blank lines to fill in by hand otherwise. */
  method?: string;
  deliveredDate?: string;
  trackingNo?: string | null;
};

const text = (value: string, bold = false) =>
  new Paragraph({ children: [new TextRun({ text: value, font: FONT, size: SIZE, bold })] });

const cell = (value: string, width: number, bold = false) =>
  new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlign.CENTER,
    margins: { top: 120, bottom: 120, left: 120, right: 120 },
    children: [text(value, bold)],
  });

/**
 * 送达回执: printed with the notice, signed by the petitioner (or the witness of 留置送达), scanned
 * and attached back to the delivery record. One per written notice to a petitioner.
 */
export async function renderDeliveryReceipt(f: ReceiptFacts): Promise<Buffer> {
  const rows: Array<[string, string]> = [
    ['信访事项编号', f.caseNo],
    ['受送达人', f.addressee],
    ['送达文书', `${f.documentTitle}（${f.documentNo}）`],
    ['文书制作日期', f.issuedDate],
    ['送达方式', f.method ?? '□直接送达  □邮寄送达  □电子送达  □留置送达  □公告送达'],
    ['邮件单号', f.trackingNo ?? ''],
    ['送达地点', ''],
    ['受送达人签名（盖章）', `\n\n${f.deliveredDate ?? '        年    月    日'}`],
    ['代收人及代收理由', ''],
    ['拒收事由及见证人签名（留置送达）', ''],
    ['送达人签名', '\n\n        年    月    日'],
    ['备注', ''],
  ];
  const table = new Table({
    width: { size: 9000, type: WidthType.DXA },
    columnWidths: [2800, 6200],
    rows: rows.map(
      ([label, value]) =>
        new TableRow({
          children: [
            cell(label, 2800, true),
            new TableCell({
              width: { size: 6200, type: WidthType.DXA },
              verticalAlign: VerticalAlign.CENTER,
              margins: { top: 120, bottom: 120, left: 120, right: 120 },
              children: value.split('\n').map((line) => text(line)),
            }),
          ],
        }),
    ),
  });
  const doc = new Document({
    creator: f.issuerUnit,
    title: '送达回执',
    sections: [
      {
        properties: {
          page: a4Page({ top: 3, bottom: 2.5, left: 2.8, right: 2.6 }),
        },
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 120 },
            children: [new TextRun({ text: f.issuerUnit, font: FONT, size: 32 })],
          }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 240 },
            children: [new TextRun({ text: '送达回执', font: TITLE_FONT, size: 44, bold: true })],
          }),
          table,
          new Paragraph({
            spacing: { before: 240 },
            children: [
              new TextRun({
                text: '说明：受送达人签收后，请将本回执扫描上传至该信访事项的送达记录。',
                font: FONT,
                size: 24,
              }),
            ],
          }),
        ],
      },
    ],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}
