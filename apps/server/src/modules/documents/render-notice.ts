import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import { a4Page, BODY_FONT, TITLE_FONT } from './docx-style.ts';
import type { NoticeTemplate } from './notice-templates.ts';

const BODY_SIZE = 32; // 三号 16pt, in half-points
const TITLE_SIZE = 44; // 二号 22pt

export class MissingValueError extends Error {
  override name = 'MissingValueError';
}

/** Replaces every {{name}}; a missing value is an error, never printed into an official document. */
export function fillTemplate(
  template: NoticeTemplate,
  values: Record<string, string>,
): { title: string; paragraphs: string[] } {
  const fill = (text: string) =>
    text.replace(/\{\{\s*([a-zA-Z]+)\s*\}\}/g, (match, name: string, offset: number) => {
      const value = values[name];
      if (value === undefined || value === null)
        throw new MissingValueError(`文书「${template.title}」缺少内容：${name}`);
      return joinable(value, text.charAt(offset + match.length));
    });
  return { title: fill(template.title), paragraphs: template.paragraphs.map(fill) };
}

const CLOSING = /[。；，、：！？.;,:!?\s]+$/u;

/**
 * A user's text as it joins the template: when the template goes on with its own punctuation,
 * the text's trailing punctuation is dropped, so "……已核实。" + "。" never prints "。。".
 */
export function joinable(value: string, next: string): string {
  const trimmed = value.trim();
  return next && /[。；，、：！？]/u.test(next) ? trimmed.replace(CLOSING, '') : trimmed;
}

const run = (text: string, options: { bold?: boolean; size?: number; title?: boolean } = {}) =>
  new TextRun({
    text,
    bold: options.bold,
    size: options.size ?? BODY_SIZE,
    font: options.title ? TITLE_FONT : BODY_FONT,
  });

/**
 * Renders a notice as .docx in the layout of government documents (GB/T 9704 style): A4, margins
 * 3.7/3.5/2.8/2.6 cm, 三号仿宋 body with a two-character first-line indent, 二号小标宋 title,
 * the document number under the issuing unit, and the unit and date right-aligned at the end.
 */
export async function renderNotice(
  template: NoticeTemplate,
  values: Record<string, string>,
  meta: { issuerUnit: string; documentNo?: string },
): Promise<Buffer> {
  const filled = fillTemplate(template, values);
  const [salutation, ...body] = filled.paragraphs;
  const lineSpacing = { line: 560, lineRule: 'exact' as const };
  const children: Paragraph[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: lineSpacing,
      children: [run(meta.issuerUnit, { size: BODY_SIZE })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { ...lineSpacing, after: 200 },
      children: [run(filled.title, { bold: true, size: TITLE_SIZE, title: true })],
    }),
  ];
  if (meta.documentNo)
    children.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: lineSpacing,
        children: [run(meta.documentNo)],
      }),
    );
  children.push(new Paragraph({ spacing: lineSpacing, children: [run(salutation)] }));
  for (const text of body) {
    children.push(new Paragraph({ spacing: lineSpacing, indent: { firstLine: 640 }, children: [run(text)] }));
  }
  children.push(new Paragraph({ spacing: lineSpacing, children: [] }));
  children.push(
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      spacing: lineSpacing,
      indent: { right: 640 },
      children: [run(meta.issuerUnit)],
    }),
  );
  if (values.issuedDate) {
    children.push(
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        spacing: lineSpacing,
        indent: { right: 640 },
        children: [run(values.issuedDate)],
      }),
    );
  }
  const doc = new Document({
    creator: meta.issuerUnit,
    title: filled.title,
    sections: [
      {
        properties: {
          page: a4Page({ top: 3.7, bottom: 3.5, left: 2.8, right: 2.6 }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
