import { z } from 'zod';
import { isVisit, LEADER_ONLY_ON_VISITS } from './collective.ts';
import {
  Channel,
  DeliveryMethod,
  Evaluation,
  EvaluationChannel,
  Purpose,
  ReplyOutcome,
  ReviewOutcome,
  Source,
  TriageKind,
} from './enums.ts';

/** A calendar date `YYYY-MM-DD` that exists (2026-02-30 does not). */
export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((value) => {
    const [y, m, d] = value.split('-').map(Number);
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, '日期不存在');
const text = (label: string, max = 2000) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不能超过${max}字`);

export const PetitionerInputSchema = z.object({
  name: text('信访人姓名', 50),
  idNumber: z.string().trim().max(18).optional(),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\-\s]{5,20}$/, '联系电话格式不正确')
    .optional(),
  address: z.string().trim().max(200).optional(),
});

export const RegisterPetitionSchema = z
  .object({
    channel: Channel,
    purpose: Purpose,
    categoryId: z.uuid('内容分类无效').optional(),
    regionCode: z.string().regex(/^\d{6}(\d{3})?(\d{3})?$/, '问题属地应为6、9或12位行政区划代码'),
    source: Source.default('own'),
    sourceUnitId: z.uuid().optional(),
    sourceNote: z.string().max(200).optional(),
    persons: z.number().int().min(1, '人数至少为1').max(100000).optional(),
    petitioners: z.array(PetitionerInputSchema).min(1, '至少登记一名信访人').max(200),
    title: z.string().trim().max(100).optional(),
    content: text('诉求内容', 20000),
    registeredOn: IsoDateSchema.optional(),
    isSkipLevel: z.boolean().default(false),
    confidential: z.boolean().optional(),
    accusedUnitId: z.uuid().optional(),
    leaderName: z.string().trim().max(50).optional(),
    repeatOfId: z.uuid().optional(),
    externalNo: z.string().trim().max(64).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.leaderName && !isVisit(value.channel))
      ctx.addIssue({ code: 'custom', path: ['leaderName'], message: LEADER_ONLY_ON_VISITS });
  });
export type RegisterPetition = z.infer<typeof RegisterPetitionSchema>;

const versioned = { version: z.number().int().min(1, '缺少版本号') };
const note = z.string().trim().max(2000).optional();
/** 化解: whether the matter was resolved, and why not when it was not. */
const resolution = {
  resolved: z.boolean({ error: '请选择是否化解' }),
  resolutionNote: z.string().trim().max(2000).optional(),
};
const organ = (label: string) => z.uuid(`${label}无效`);

/** One schema per lifecycle command; `version` guards against concurrent edits. */
export const CommandSchemas = {
  triage: z.object({
    ...versioned,
    kind: TriageKind,
    unitId: z.uuid('责任单位无效').optional(),
    reason: note,
    legalChannel: z.string().trim().max(500).optional(),
    replyText: z.string().trim().max(20000).optional(),
  }),
  sign: z.object({ ...versioned, note }),
  object: z.object({ ...versioned, reason: text('退回理由', 2000) }),
  reassign: z.object({
    ...versioned,
    unitId: z.uuid('改派单位无效'),
    kind: z.enum(['forward', 'assign']).default('assign'),
    note,
  }),
  accept: z.object({ ...versioned, note }),
  decline: z.object({ ...versioned, reason: text('不予受理理由'), legalChannel: text('法定途径', 500) }),
  extend: z.object({
    ...versioned,
    days: z.number().int().min(1, '延期天数至少为1').max(30, '延期不得超过30日'),
    reason: text('延期理由'),
    approverName: text('批准人', 50),
  }),
  reply: z.object({
    ...versioned,
    outcome: ReplyOutcome,
    request: text('信访诉求', 5000),
    facts: text('查明事实', 10000),
    reasons: text('理由', 10000),
    basis: text('法律政策依据', 5000),
  }),
  evaluate: z.object({
    ...versioned,
    result: Evaluation,
    channel: EvaluationChannel.default('phone'),
    comment: note,
  }),
  conclude: z.object({ ...versioned, note, ...resolution }),
  /** 第三十五条: the petitioner asks the organ one level above the handler; the registrar records which. */
  requestReview: z.object({ ...versioned, reason: text('复查请求'), organId: organ('复查机关') }),
  decideReview: z.object({
    ...versioned,
    outcome: ReviewOutcome,
    facts: text('复查查明事实', 10000),
    reasons: text('复查理由', 10000),
    basis: text('依据', 5000),
  }),
  /** 第三十六条: the organ one level above the 复查 organ. */
  requestReReview: z.object({ ...versioned, reason: text('复核请求'), organId: organ('复核机关') }),
  decideReReview: z.object({
    ...versioned,
    outcome: ReviewOutcome,
    facts: text('复核查明事实', 10000),
    reasons: text('复核理由', 10000),
    basis: text('依据', 5000),
  }),
  finalize: z.object({ ...versioned, note, ...resolution }),
  reportConclusion: z.object({ ...versioned, summary: text('办结情况', 10000) }),
  approveConclusion: z.object({ ...versioned, note, ...resolution }),
  sendBack: z.object({ ...versioned, reason: text('退回重办理由') }),
  followUp: z.object({
    ...versioned,
    method: z.enum(['phone', 'visit', 'sms', 'other']).default('phone'),
    result: text('回访情况'),
  }),
  linkRepeat: z.object({ ...versioned, originalId: z.uuid('原信访事项无效') }),
  /** 送达: how and when a written notice reached the petitioner (may be recorded late, never ahead). */
  recordDelivery: z.object({
    ...versioned,
    documentId: z.uuid('文书无效'),
    method: DeliveryMethod,
    deliveredOn: IsoDateSchema,
    trackingNo: z.string().trim().max(64).optional(),
    receiptAttachmentId: z.uuid('送达回执扫描件无效').optional(),
    note,
  }),
  /** 听证 in a 复核 (第三十六条): its days are not counted in the 30 days. */
  recordHearing: z.object({
    ...versioned,
    startOn: IsoDateSchema,
    endOn: IsoDateSchema,
    place: text('听证地点', 200),
    participants: text('参加人员', 2000),
    minutesAttachmentId: z.uuid('听证笔录附件无效').optional(),
  }),
  /** 承办人: the named person in the handling unit. */
  assignHandler: z.object({ ...versioned, userId: z.uuid('承办人无效'), note }),
  /** 回避: a staff member with an interest in the matter steps aside. */
  recuse: z.object({ ...versioned, userId: z.uuid('回避人员无效'), reason: text('回避理由', 500) }),
} as const;

export type CommandName = keyof typeof CommandSchemas;
export type Command<N extends CommandName> = z.infer<(typeof CommandSchemas)[N]>;

/** Chinese names of the lifecycle commands (buttons, timeline). */
export const COMMAND_LABELS: Record<CommandName, string> = {
  triage: '分流',
  sign: '签收',
  object: '异议退回',
  reassign: '改派',
  accept: '受理',
  decline: '不予受理',
  extend: '延期',
  reply: '答复',
  evaluate: '满意度评价',
  conclude: '办结',
  requestReview: '申请复查',
  decideReview: '复查决定',
  requestReReview: '申请复核',
  decideReReview: '复核决定',
  finalize: '终结',
  reportConclusion: '上报办结',
  approveConclusion: '审核办结',
  sendBack: '审核退回',
  followUp: '回访',
  linkRepeat: '关联重复件',
  recordDelivery: '登记送达',
  recordHearing: '记录听证',
  assignHandler: '指定承办人',
  recuse: '回避',
};
