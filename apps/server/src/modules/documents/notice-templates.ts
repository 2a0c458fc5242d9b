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
    allowed: [...COMMON, 'extensionDays', 'reason', 'approverName', 'originalDueDate', 'dueDate'],
    required: ['petitionerName', 'extensionDays', 'reason', 'dueDate'],
  },
  reply: {
    allowed: [
      ...COMMON,
      'request',
      'facts',
      'reasons',
      'decision',
      'basis',
      'reviewWindowDays',
      'reviewOrgans',
    ],
    required: ['petitionerName', 'request', 'facts', 'decision', 'basis'],
  },
  review: {
    allowed: [
      ...COMMON,
      'decision',
      'facts',
      'reasons',
      'basis',
      'reviewWindowDays',
      'reviewOrgans',
      'recordedBy',
    ],
    required: ['petitionerName', 'decision', 'basis'],
  },
  re_review: {
    allowed: [...COMMON, 'decision', 'facts', 'reasons', 'basis', 'recordedBy'],
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
  request_declined: {
    allowed: [...COMMON, 'requestKind', 'requestDate', 'servedDate', 'windowEndDate', 'article'],
    required: ['petitionerName', 'requestKind', 'windowEndDate', 'article'],
  },
};

const t = (kind: NoticeKind, title: string, paragraphs: string[]): NoticeTemplate => ({
  kind,
  title,
  paragraphs,
});

/**
 * Built-in wording under the 2022《信访工作条例》(checked word for word against its text: arts. 22,
 * 23, 31, 32, 34, 35, 36); admins may replace any of it. Each cites the article that governs it.
 */
export const DEFAULT_TEMPLATES: Record<NoticeKind, NoticeTemplate> = {
  // 第二十三条: written notice of receipt and of how it will be handled; 第三十四条: 60 日.
  acceptance: t('acceptance', '信访事项受理告知书', [
    '{{petitionerName}}：',
    '你（们）于{{registeredDate}}以{{channel}}形式提出的信访事项（编号：{{caseNo}}）收悉。经审查，该事项属于本机关、单位职权范围，根据《信访工作条例》第二十三条的规定，现告知你（们）：本机关、单位已予以受理。',
    '根据《信访工作条例》第三十四条的规定，本机关、单位将自受理之日起六十日内办结，并于{{dueDate}}前向你（们）出具书面处理意见；情况复杂需要延长办理期限的，将另行书面告知延期理由。',
    '你（们）可凭查询码通过网上信访平台查询办理进度。',
  ]),
  // 第三十一条: matters that belong to a legal procedure are routed there (导入相应程序).
  decline: t('decline', '信访事项不予受理告知书', [
    '{{petitionerName}}：',
    '你（们）于{{registeredDate}}以{{channel}}形式提出的信访事项（编号：{{caseNo}}）收悉。',
    '经审查，{{reason}}。根据《信访工作条例》第三十一条的规定，该事项应当依照法定途径处理，本机关、单位不予受理。',
    '对该事项，你（们）可以{{legalChannel}}。',
  ]),
  // 第三十六条第三款: a matter finalised by 复核 is not accepted again on the same facts and reasons.
  refusal: t('refusal', '信访事项不再受理告知书', [
    '{{petitionerName}}：',
    '你（们）于{{registeredDate}}提出的信访事项（编号：{{caseNo}}）收悉。',
    '经审查，{{reason}}。根据《信访工作条例》第三十六条第三款的规定，信访人对复核意见不服，仍然以同一事实和理由提出投诉请求的，各级党委和政府信访部门和其他机关、单位不再受理。',
  ]),
  // 第三十四条: extension ≤ 30 日, approved by the organ's head, the petitioner told the reason.
  extension: t('extension', '信访事项延长办理期限告知书', [
    '{{petitionerName}}：',
    '你（们）提出的信访事项（编号：{{caseNo}}）正在办理中。因{{reason}}，情况复杂，根据《信访工作条例》第三十四条的规定，经本机关、单位负责人{{approverName}}批准，办理期限延长{{extensionDays}}日。',
    '原办理期限至{{originalDueDate}}，延长后的办理期限至{{dueDate}}。本机关、单位将在延长期限内向你（们）出具书面处理意见。',
  ]),
  // 第三十一条第六项、第三十二条: request, facts and reasons, opinion and its basis; 第三十五条: review.
  reply: t('reply', '信访事项处理意见书', [
    '{{petitionerName}}：',
    '你（们）于{{registeredDate}}提出的信访事项（编号：{{caseNo}}）已办理完毕。根据《信访工作条例》第三十一条、第三十二条的规定，现将处理意见告知如下：',
    '一、信访诉求。{{request}}。',
    '二、调查核实情况。{{facts}}。',
    '三、处理意见及理由。{{reasons}}。本机关、单位对你（们）的信访诉求{{decision}}。',
    '四、依据。{{basis}}。',
    '如对本处理意见不服，根据《信访工作条例》第三十五条的规定，可以自收到本意见书之日起{{reviewWindowDays}}日内，向{{reviewOrgans}}请求复查。',
  ]),
  // 第三十五条: 复查意见; 第三十六条: 复核 by the organ one level above the 复查 organ.
  review: t('review', '信访事项复查意见书', [
    '{{petitionerName}}：',
    '你（们）对信访事项（编号：{{caseNo}}）处理意见不服提出的复查请求收悉。根据《信访工作条例》第三十五条的规定，本机关、单位经复查，意见如下：',
    '一、复查查明的事实。{{facts}}。',
    '二、复查意见及理由。{{reasons}}。本机关、单位决定：{{decision}}。',
    '三、依据。{{basis}}。',
    '如对本复查意见不服，根据《信访工作条例》第三十六条的规定，可以自收到本意见书之日起{{reviewWindowDays}}日内，向{{reviewOrgans}}请求复核。{{recordedBy}}',
  ]),
  // 第三十六条: 复核意见; 第三十六条第三款: not accepted again.
  re_review: t('re_review', '信访事项复核意见书', [
    '{{petitionerName}}：',
    '你（们）对信访事项（编号：{{caseNo}}）复查意见不服提出的复核请求收悉。根据《信访工作条例》第三十六条的规定，本机关、单位经复核，意见如下：',
    '一、复核查明的事实。{{facts}}。',
    '二、复核意见及理由。{{reasons}}。本机关、单位决定：{{decision}}。',
    '三、依据。{{basis}}。',
    '根据《信访工作条例》第三十六条第三款的规定，你（们）对复核意见不服，仍然以同一事实和理由提出投诉请求的，各级党委和政府信访部门和其他机关、单位不再受理。{{recordedBy}}',
  ]),
  // 第二十二条: 转送、交办; 第二十三条第三款: 15 日 notice, 5 个工作日 objection.
  transfer: t('transfer', '信访事项转送交办单', [
    '{{targetUnit}}：',
    '现将{{petitionerName}}于{{registeredDate}}以{{channel}}形式反映的信访事项（编号：{{caseNo}}）{{transferKind}}你单位，根据《信访工作条例》第二十二条的规定，请及时签收办理。',
    '反映内容：{{content}}。',
    '根据《信访工作条例》第二十三条第三款的规定，属于你单位职权范围的，请自收到之日起十五日内（{{dueDate}}前）书面告知信访人接收情况以及处理途径和程序；不属于你单位职权范围的，请自收到之日起五个工作日内提出异议并详细说明理由。{{note}}',
  ]),
  supervision: t('supervision', '信访事项督办函', [
    '{{targetUnit}}：',
    '{{petitionerName}}反映的信访事项（编号：{{caseNo}}），{{reason}}。',
    '请你单位高度重视，于{{dueDate}}前办结并书面报告办理结果。',
  ]),
  // 第三十五条、第三十六条: a request after its 30 days is still registered and answered in writing.
  request_declined: t('request_declined', '复查（复核）请求不予受理告知书', [
    '{{petitionerName}}：',
    '你（们）于{{requestDate}}对信访事项（编号：{{caseNo}}）提出的{{requestKind}}请求收悉。',
    '经核实，你（们）于{{servedDate}}收到书面答复。根据《信访工作条例》{{article}}的规定，{{requestKind}}请求应当自收到书面答复之日起三十日内提出，该期限已于{{windowEndDate}}届满，本机关、单位对本次{{requestKind}}请求不予受理。',
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
