import {
  type CommandName,
  DELIVERY_METHOD_LABELS,
  EVALUATION_LABELS,
  REPLY_OUTCOME_LABELS,
  REVIEW_OUTCOME_LABELS,
  TRIAGE_LABELS,
} from '@xinfang/contract';

/** How each command's form asks for its fields; the contract's schema validates them. */
export type Field =
  | { name: string; label: string; kind: 'text' }
  | { name: string; label: string; kind: 'textarea' }
  | { name: string; label: string; kind: 'number'; min?: number; max?: number }
  | { name: string; label: string; kind: 'select'; options: Record<string, string>; initial?: string }
  | { name: string; label: string; kind: 'unit' };

const sel = (name: string, label: string, options: Record<string, string>, initial?: string): Field => ({
  name,
  label,
  kind: 'select',
  options,
  initial,
});
const ta = (name: string, label: string): Field => ({ name, label, kind: 'textarea' });
const tx = (name: string, label: string): Field => ({ name, label, kind: 'text' });

const REVIEW = [
  sel('outcome', '结论', REVIEW_OUTCOME_LABELS, 'uphold'),
  ta('facts', '查明事实'),
  ta('reasons', '理由'),
  ta('basis', '依据'),
];

export const COMMAND_FIELDS: Record<CommandName, Field[]> = {
  triage: [
    sel('kind', '分流方式', TRIAGE_LABELS, 'assign'),
    { name: 'unitId', label: '责任单位（转送、交办、督办时必填）', kind: 'unit' },
    ta('reason', '说明'),
    tx('legalChannel', '法定途径（不予受理、不再受理时填写）'),
    ta('replyText', '直接回复内容（直接回复时填写）'),
  ],
  sign: [ta('note', '签收意见')],
  object: [ta('reason', '退回理由')],
  reassign: [
    { name: 'unitId', label: '改派单位', kind: 'unit' },
    sel('kind', '方式', { assign: '交办', forward: '转送' }, 'assign'),
    ta('note', '说明'),
  ],
  accept: [ta('note', '受理意见')],
  decline: [ta('reason', '不予受理理由'), tx('legalChannel', '法定途径')],
  extend: [
    { name: 'days', label: '延期天数', kind: 'number', min: 1, max: 30 },
    ta('reason', '延期理由'),
    tx('approverName', '批准人'),
  ],
  reply: [
    sel('outcome', '处理意见', REPLY_OUTCOME_LABELS, 'explain'),
    ta('request', '信访诉求'),
    ta('facts', '查明事实'),
    ta('reasons', '理由'),
    ta('basis', '法律政策依据'),
  ],
  evaluate: [
    sel('result', '评价结果', EVALUATION_LABELS, 'satisfied'),
    sel('channel', '评价方式', { portal: '网上', phone: '电话', sms: '短信', onsite: '现场' }, 'phone'),
    ta('comment', '评价意见'),
  ],
  conclude: [ta('note', '办结说明')],
  requestReview: [ta('reason', '复查请求')],
  decideReview: REVIEW,
  requestReReview: [ta('reason', '复核请求')],
  decideReReview: REVIEW,
  finalize: [ta('note', '终结说明')],
  reportConclusion: [ta('summary', '办结情况')],
  approveConclusion: [ta('note', '审核意见')],
  sendBack: [ta('reason', '退回重办理由')],
  followUp: [
    sel('method', '回访方式', { phone: '电话', visit: '上门', sms: '短信', other: '其他' }, 'phone'),
    ta('result', '回访情况'),
  ],
  linkRepeat: [tx('originalId', '原信访事项编号（内部标识）')],
  recordDelivery: [
    tx('documentId', '文书编号（内部标识）'),
    sel('method', '送达方式', DELIVERY_METHOD_LABELS, Object.keys(DELIVERY_METHOD_LABELS)[0]),
    tx('deliveredOn', '送达日期（YYYY-MM-DD）'),
    tx('trackingNo', '邮件单号'),
    ta('note', '说明'),
  ],
  recordHearing: [
    tx('startOn', '听证开始日期（YYYY-MM-DD）'),
    tx('endOn', '听证结束日期（YYYY-MM-DD）'),
    tx('place', '听证地点'),
    ta('participants', '参加人员'),
  ],
  assignHandler: [tx('userId', '承办人（用户内部标识）'), ta('note', '说明')],
  recuse: [tx('userId', '回避人员（用户内部标识）'), ta('reason', '回避理由')],
};
