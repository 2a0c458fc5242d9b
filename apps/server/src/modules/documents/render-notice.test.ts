import { NoticeKind } from '@xinfang/contract';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES, PLACEHOLDERS, placeholdersIn, validateTemplate } from './notice-templates.ts';
import { readDocxText } from './read-docx.ts';
import { fillTemplate, MissingValueError, renderNotice } from './render-notice.ts';

const VALUES: Record<string, string> = {
  petitionerName: '张秀兰',
  caseNo: '410225-2026-000123',
  registeredDate: '2026年3月2日',
  channel: '来访',
  title: '拖欠工资',
  content: '反映拖欠工资 <3.2万元> & 未签合同',
  unitName: '兰考县信访局',
  issuedDate: '2026年3月4日',
  dueDate: '2026年5月6日',
  reason: '该事项已进入诉讼程序',
  legalChannel: '依法向人民法院提起诉讼',
  extensionDays: '30',
  originalDueDate: '2026年5月6日',
  request: '请求支付工资',
  facts: '经查属实',
  reasons: '用人单位应当按时足额支付工资',
  decision: '予以支持',
  basis: '《保障农民工工资支付条例》第十五条',
  reviewWindowDays: '30',
  targetUnit: '兰考县人力资源和社会保障局',
  transferKind: '交办',
  note: '',
  approverName: '王局长',
  reviewOrgans: '兰考县人民政府',
  recordedBy: '',
  requestKind: '复查',
  requestDate: '2026年4月15日',
  servedDate: '2026年3月3日',
  windowEndDate: '2026年4月2日',
  article: '第三十五条',
};

/** Which article of the 2022《信访工作条例》each notice must cite (checked against its text). */
const ARTICLES: Record<string, string[]> = {
  acceptance: ['第二十三条', '第三十四条'],
  decline: ['第三十一条'],
  refusal: ['第三十六条第三款'],
  extension: ['第三十四条'],
  reply: ['第三十一条', '第三十二条', '第三十五条'],
  review: ['第三十五条', '第三十六条'],
  re_review: ['第三十六条', '第三十六条第三款'],
  transfer: ['第二十二条', '第二十三条第三款'],
  request_declined: ['第三十五条'],
};

describe('notice templates and rendering', () => {
  it('every default template passes its own validation', () => {
    for (const kind of NoticeKind.options)
      expect(validateTemplate(DEFAULT_TEMPLATES[kind]), kind).toEqual([]);
  });

  it('renders every kind to a .docx that opens and reads back', async () => {
    for (const kind of NoticeKind.options) {
      const buffer = await renderNotice(DEFAULT_TEMPLATES[kind], VALUES, {
        issuerUnit: '兰考县信访局',
        documentNo: '兰信〔2026〕1号',
      });
      const zip = await JSZip.loadAsync(buffer);
      expect(zip.file('[Content_Types].xml'), kind).not.toBeNull();
      const text = await readDocxText(buffer);
      expect(text).toContain(DEFAULT_TEMPLATES[kind].title);
      expect(text).not.toContain('{{');
      for (const name of PLACEHOLDERS[kind].required) expect(text, `${kind}.${name}`).toContain(VALUES[name]);
      for (const article of ARTICLES[kind] ?? []) expect(text, `${kind} cites ${article}`).toContain(article);
      expect(text, kind).not.toMatch(/[。；，]{2}/);
    }
  });

  it("joins a user's text without doubled punctuation", () => {
    const filled = fillTemplate(DEFAULT_TEMPLATES.reply, {
      ...VALUES,
      request: '请求支付工资。',
      facts: '经查属实；',
      reasons: '应当按时足额支付工资。 ',
      basis: '《保障农民工工资支付条例》第十五条。',
    });
    const text = filled.paragraphs.join('\n');
    expect(text).toContain('一、信访诉求。请求支付工资。');
    expect(text).toContain('二、调查核实情况。经查属实。');
    expect(text).toContain('三、处理意见及理由。应当按时足额支付工资。本机关');
    expect(text).not.toMatch(/[。；，]{2}/);
  });

  it('escapes XML-special characters in values', async () => {
    const buffer = await renderNotice(DEFAULT_TEMPLATES.transfer, VALUES, { issuerUnit: '兰考县信访局' });
    expect(await readDocxText(buffer)).toContain('反映拖欠工资 <3.2万元> & 未签合同');
  });

  it('refuses to print a notice with a missing value', () => {
    const { petitionerName: _omitted, ...rest } = VALUES;
    expect(() => fillTemplate(DEFAULT_TEMPLATES.reply, rest)).toThrow(MissingValueError);
  });

  it('reports unknown and missing placeholders of an edited template', () => {
    const edited = {
      ...DEFAULT_TEMPLATES.acceptance,
      paragraphs: ['{{petitionerName}}：', '已受理。{{secretField}}'],
    };
    const problems = validateTemplate(edited);
    expect(problems.join('\n')).toContain('{{secretField}}');
    expect(problems.join('\n')).toContain('{{caseNo}}');
    expect(placeholdersIn('a {{ x }} b {{y}}')).toEqual(['x', 'y']);
  });
});
