import { NoticeKind } from '@xinfang/contract';
import { z } from 'zod';

/** An editable notice template: a title and paragraphs with {{placeholders}}. */
export const NoticeTemplateSchema = z.object({
  kind: NoticeKind,
  title: z.string().trim().min(1, '请填写文书标题').max(50),
  paragraphs: z.array(z.string().max(5000)).min(1, '至少一段正文').max(50),
});
export type NoticeTemplate = z.infer<typeof NoticeTemplateSchema>;

/** Placeholders every notice may use. */
const COMMON = [
  'petitionerName',
  'caseNo',
  'registeredDate',
  'channel',
  'title',
  'content',
  'unitName',
  'issuedDate',
];

/** Placeholders each kind may use, and those its default text requires. */
export const PLACEHOLDERS: Record<NoticeKind, { allowed: string[]; required: string[] }> = {
  acceptance: { allowed: [...COMMON, 'dueDate'], required: ['petitionerName', 'caseNo', 'dueDate'] },
  decline: {
    allowed: [...COMMON, 'reason', 'legalChannel'],
    required: ['petitionerName', 'reason', 'legalChannel'],
  },
  refusal: { allowed: [...COMMON, 'reason'], required: ['petitionerName', 'reason'] },
  extension: {
    allowed: [...COMMON, 'extensionDays', 'reason', 'originalDueDate', 'dueDate'],
    required: ['petitionerName', 'extensionDays', 'dueDate'],
  },
  reply: {
    allowed: [...COMMON, 'request', 'facts', 'reasons', 'decision', 'basis', 'reviewWindowDays'],
    required: ['petitionerName', 'request', 'facts', 'decision', 'basis'],
  },
  review: {
    allowed: [...COMMON, 'decision', 'facts', 'reasons', 'basis', 'reviewWindowDays'],
    required: ['petitionerName', 'decision', 'basis'],
  },
  re_review: {
    allowed: [...COMMON, 'decision', 'facts', 'reasons', 'basis'],
    required: ['petitionerName', 'decision', 'basis'],
  },
  transfer: {
    allowed: [...COMMON, 'targetUnit', 'transferKind', 'dueDate', 'note'],
    required: ['targetUnit', 'caseNo'],
  },
  supervision: {
    allowed: [...COMMON, 'targetUnit', 'dueDate', 'reason'],
    required: ['targetUnit', 'dueDate'],
  },
};

const t = (kind: NoticeKind, title: string, paragraphs: string[]): NoticeTemplate => ({
  kind,
  title,
  paragraphs,
});

/** Built-in wording under the 2022《信访工作条例》; admins may replace any of it. */
export const DEFAULT_TEMPLATES: Record<NoticeKind, NoticeTemplate> = {
  acceptance: t('acceptance', '信访事项受理告知书', [
    '{{petitionerName}}：',
    '你（们）于{{registeredDate}}以{{channel}}形式提出的信访事项（编号：{{caseNo}}）收悉。经审查，该事项属于本机关职权范围，符合受理条件，本机关决定予以受理。',
    '根据《信访工作条例》第三十五条的规定，本机关将自受理之日起六十日内办结，并于{{dueDate}}前向你（们）出具书面处理意见；情况复杂需要延长办理期限的，将另行书面告知延期理由。',
    '你（们）可凭查询码通过网上信访平台查询办理进度。',
  ]),
  decline: t('decline', '信访事项不予受理告知书', [
    '{{petitionerName}}：',
    '你（们）于{{registeredDate}}以{{channel}}形式提出的信访事项（编号：{{caseNo}}）收悉。',
    '经审查，{{reason}}。根据《信访工作条例》第三十一条的规定，本机关决定不予受理。',
    '对该事项，你（们）可以{{legalChannel}}。',
  ]),
  refusal: t('refusal', '信访事项不再受理告知书', [
    '{{petitionerName}}：',
    '你（们）于{{registeredDate}}提出的信访事项（编号：{{caseNo}}）收悉。',
    '经审查，{{reason}}。该信访事项已经依法处理终结，根据《信访工作条例》第三十五条的规定，你（们）以同一事实和理由再次提出的，信访部门和其他行政机关不再受理。',
  ]),
  extension: t('extension', '信访事项延长办理期限告知书', [
    '{{petitionerName}}：',
    '你（们）提出的信访事项（编号：{{caseNo}}）已于受理后依法办理。因{{reason}}，经批准，办理期限延长{{extensionDays}}日。',
    '原办理期限至{{originalDueDate}}，延长后的办理期限至{{dueDate}}。本机关将在延长期限内向你（们）出具书面处理意见。',
  ]),
  reply: t('reply', '信访事项处理意见书', [
    '{{petitionerName}}：',
    '你（们）于{{registeredDate}}提出的信访事项（编号：{{caseNo}}）已办理完毕。现将处理意见告知如下：',
    '一、信访诉求。{{request}}',
    '二、调查核实情况。{{facts}}',
    '三、处理意见及理由。{{reasons}}。本机关对你（们）的信访诉求{{decision}}。',
    '四、依据。{{basis}}',
    '如对本处理意见不服，可以自收到本意见书之日起{{reviewWindowDays}}日内，向本机关的上一级行政机关请求复查。',
  ]),
  review: t('review', '信访事项复查意见书', [
    '{{petitionerName}}：',
    '你（们）对信访事项（编号：{{caseNo}}）处理意见不服提出的复查请求收悉。本机关经复查，意见如下：',
    '一、复查查明的事实。{{facts}}',
    '二、复查意见及理由。{{reasons}}。本机关决定：{{decision}}。',
    '三、依据。{{basis}}',
    '如对本复查意见不服，可以自收到本意见书之日起{{reviewWindowDays}}日内，向复查机关的上一级行政机关请求复核。',
  ]),
  re_review: t('re_review', '信访事项复核意见书', [
    '{{petitionerName}}：',
    '你（们）对信访事项（编号：{{caseNo}}）复查意见不服提出的复核请求收悉。本机关经复核，意见如下：',
    '一、复核查明的事实。{{facts}}',
    '二、复核意见及理由。{{reasons}}。本机关决定：{{decision}}。',
    '三、依据。{{basis}}',
    '根据《信访工作条例》第三十五条的规定，本复核意见为终结意见。你（们）对该信访事项以同一事实和理由再次提出的，各级信访部门和其他行政机关不再受理。',
  ]),
  transfer: t('transfer', '信访事项转送交办单', [
    '{{targetUnit}}：',
    '现将{{petitionerName}}于{{registeredDate}}以{{channel}}形式反映的信访事项（编号：{{caseNo}}）{{transferKind}}你单位，请依照《信访工作条例》规定及时签收办理。',
    '反映内容：{{content}}',
    '请于{{dueDate}}前告知信访人是否受理。如认为不属于你单位职权范围，请于收到之日起五个工作日内说明理由退回。{{note}}',
  ]),
  supervision: t('supervision', '信访事项督办函', [
    '{{targetUnit}}：',
    '{{petitionerName}}反映的信访事项（编号：{{caseNo}}），{{reason}}。',
    '请你单位高度重视，于{{dueDate}}前办结并书面报告办理结果。',
  ]),
};

const PLACEHOLDER_RE = /\{\{\s*([a-zA-Z]+)\s*\}\}/g;

export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER_RE)].map((m) => m[1]);
}

/** Problems of an edited template (Chinese): unknown placeholders, required ones missing. */
export function validateTemplate(template: NoticeTemplate): string[] {
  const spec = PLACEHOLDERS[template.kind];
  const used = new Set([template.title, ...template.paragraphs].flatMap(placeholdersIn));
  const problems: string[] = [];
  for (const name of used)
    if (!spec.allowed.includes(name)) problems.push(`模板使用了未知的占位符 {{${name}}}`);
  for (const name of spec.required) if (!used.has(name)) problems.push(`模板缺少必需的占位符 {{${name}}}`);
  return problems;
}
