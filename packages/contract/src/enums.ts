import { z } from 'zod';

/** 信访形式 */
export const Channel = z.enum(['visit', 'letter', 'online', 'phone', 'mailbox']);
export type Channel = z.infer<typeof Channel>;
export const CHANNEL_LABELS: Record<Channel, string> = {
  visit: '来访',
  letter: '来信',
  online: '网上信访',
  phone: '来电',
  mailbox: '领导信箱',
};

/** 信访目的 */
export const Purpose = z.enum(['solution', 'appeal', 'report', 'suggestion', 'other']);
export type Purpose = z.infer<typeof Purpose>;
export const PURPOSE_LABELS: Record<Purpose, string> = {
  solution: '求决',
  appeal: '申诉',
  report: '揭发控告',
  suggestion: '意见建议',
  other: '其他',
};

/** 来源: 本级登记 / 上级交办 / 下级上报 */
export const Source = z.enum(['own', 'from_above', 'from_below']);
export type Source = z.infer<typeof Source>;
export const SOURCE_LABELS: Record<Source, string> = {
  own: '本级登记',
  from_above: '上级交办',
  from_below: '下级上报',
};

/** 单位类型 */
export const UnitKind = z.enum([
  'bureau',
  'government',
  'department',
  'township',
  'court',
  'discipline',
  'other',
]);
export type UnitKind = z.infer<typeof UnitKind>;
export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  bureau: '信访部门',
  government: '人民政府',
  department: '职能部门',
  township: '乡镇（街道）',
  court: '法院',
  discipline: '纪检监察',
  other: '其他',
};

export const Role = z.enum(['registrar', 'caseworker', 'handler', 'leader', 'supervisor', 'admin']);
export type Role = z.infer<typeof Role>;
export const ROLE_LABELS: Record<Role, string> = {
  registrar: '登记员',
  caseworker: '业务科',
  handler: '责任单位',
  leader: '领导',
  supervisor: '督查',
  admin: '管理员',
};

/** 分流方式 */
export const TriageKind = z.enum([
  'file',
  'direct_reply',
  'forward',
  'assign',
  'acceptance_notice',
  'supervise',
  'decline',
  'refuse',
]);
export type TriageKind = z.infer<typeof TriageKind>;
export const TRIAGE_LABELS: Record<TriageKind, string> = {
  file: '存档',
  direct_reply: '直接回复',
  forward: '转送',
  assign: '交办',
  acceptance_notice: '受理告知',
  supervise: '督办',
  decline: '不予受理',
  refuse: '不再受理',
};

/** 处理意见 */
export const ReplyOutcome = z.enum(['support', 'explain', 'reject']);
export type ReplyOutcome = z.infer<typeof ReplyOutcome>;
export const REPLY_OUTCOME_LABELS: Record<ReplyOutcome, string> = {
  support: '予以支持',
  explain: '解释说明',
  reject: '不予支持',
};

/** 复查/复核结论 */
export const ReviewOutcome = z.enum(['uphold', 'revise', 'revoke']);
export type ReviewOutcome = z.infer<typeof ReviewOutcome>;
export const REVIEW_OUTCOME_LABELS: Record<ReviewOutcome, string> = {
  uphold: '维持原处理意见',
  revise: '变更原处理意见',
  revoke: '撤销原处理意见，责成重新办理',
};

/** 满意度 */
export const Evaluation = z.enum(['satisfied', 'basically_satisfied', 'dissatisfied']);
export type Evaluation = z.infer<typeof Evaluation>;
export const EVALUATION_LABELS: Record<Evaluation, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
};
export const EvaluationChannel = z.enum(['portal', 'phone', 'sms', 'onsite']);
export type EvaluationChannel = z.infer<typeof EvaluationChannel>;
export const EVALUATION_CHANNEL_LABELS: Record<EvaluationChannel, string> = {
  portal: '网上',
  phone: '电话',
  sms: '短信',
  onsite: '现场',
};

/** 信访事项状态 */
export const PetitionState = z.enum([
  'registered', // 已登记，待分流
  'filed', // 存档
  'transferred', // 已转送/交办，待签收
  'returned', // 已退回（异议），待改派
  'pending_acceptance', // 已签收，待受理
  'accepted', // 已受理，办理中
  'declined', // 不予受理
  'refused', // 不再受理
  'replied', // 已答复
  'evaluated', // 已评价
  'reported', // 已上报办结，待审核
  'concluded', // 已办结
  'review_requested', // 已申请复查
  'reviewed', // 已复查
  're_review_requested', // 已申请复核
  're_reviewed', // 已复核
  'final', // 终结
]);
export type PetitionState = z.infer<typeof PetitionState>;
export const STATE_LABELS: Record<PetitionState, string> = {
  registered: '待分流',
  filed: '已存档',
  transferred: '待签收',
  returned: '已退回待改派',
  pending_acceptance: '待受理',
  accepted: '办理中',
  declined: '不予受理',
  refused: '不再受理',
  replied: '已答复',
  evaluated: '已评价',
  reported: '已上报办结待审核',
  concluded: '已办结',
  review_requested: '复查申请中',
  reviewed: '已复查',
  re_review_requested: '复核申请中',
  re_reviewed: '已复核',
  final: '已终结',
};

/** 书面告知文书 */
export const NoticeKind = z.enum([
  'acceptance', // 受理告知书
  'decline', // 不予受理告知书
  'refusal', // 不再受理告知书
  'extension', // 延长办理期限告知书
  'reply', // 处理意见书
  'review', // 复查意见书
  're_review', // 复核意见书
  'transfer', // 转送/交办单
  'supervision', // 督办函
  'request_declined', // 复查（复核）请求不予受理告知书
]);
export type NoticeKind = z.infer<typeof NoticeKind>;
export const NOTICE_LABELS: Record<NoticeKind, string> = {
  acceptance: '受理告知书',
  decline: '不予受理告知书',
  refusal: '不再受理告知书',
  extension: '延长办理期限告知书',
  reply: '处理意见书',
  review: '复查意见书',
  re_review: '复核意见书',
  transfer: '转送交办单',
  supervision: '督办函',
  request_declined: '复查（复核）请求不予受理告知书',
};

/** 送达方式 */
export const DeliveryMethod = z.enum(['in_person', 'post', 'electronic', 'left_at_address', 'public_notice']);
export type DeliveryMethod = z.infer<typeof DeliveryMethod>;
export const DELIVERY_METHOD_LABELS: Record<DeliveryMethod, string> = {
  in_person: '直接送达（当面）',
  post: '邮寄送达',
  electronic: '电子送达（网上查阅或下载）',
  left_at_address: '留置送达',
  public_notice: '公告送达',
};

/** Notices written to the petitioner: each is delivered (送达) and has a 送达回执. */
export const PETITIONER_NOTICES: readonly NoticeKind[] = [
  'acceptance',
  'decline',
  'refusal',
  'extension',
  'reply',
  'review',
  're_review',
  'request_declined',
];

/** 上一级机关、单位 relation */
export const UpperOrganRelation = z.enum(['government', 'department', 'other']);
export type UpperOrganRelation = z.infer<typeof UpperOrganRelation>;
export const UPPER_ORGAN_RELATION_LABELS: Record<UpperOrganRelation, string> = {
  government: '本级人民政府',
  department: '上一级主管部门',
  other: '其他上一级机关、单位',
};

/** What each {{placeholder}} of a notice template stands for, shown to admins instead of its code name. */
export const PLACEHOLDER_LABELS: Record<string, string> = {
  petitionerName: '信访人姓名',
  caseNo: '信访事项编号',
  registeredDate: '登记日期',
  channel: '信访形式',
  title: '标题',
  content: '诉求内容',
  unitName: '办理单位',
  issuedDate: '制作日期',
  dueDate: '期限',
  reason: '理由',
  legalChannel: '法定途径',
  extensionDays: '延长天数',
  approverName: '批准人',
  originalDueDate: '原期限',
  request: '信访诉求',
  facts: '查明事实',
  reasons: '处理理由',
  decision: '处理结论',
  basis: '依据',
  reviewWindowDays: '请求期限天数',
  reviewOrgans: '复查（复核）机关',
  recordedBy: '代为录入说明',
  targetUnit: '受文单位',
  transferKind: '转送方式',
  note: '附言',
  requestKind: '请求类别',
  requestDate: '请求日期',
  servedDate: '送达日期',
  windowEndDate: '期限届满日',
  article: '条款',
};
