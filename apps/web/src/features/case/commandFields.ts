import {
  type CommandName,
  DELIVERY_METHOD_LABELS,
  EVALUATION_CHANNEL_LABELS,
  EVALUATION_LABELS,
  REPLY_OUTCOME_LABELS,
  REVIEW_OUTCOME_LABELS,
  TRIAGE_LABELS,
} from '@xinfang/contract';

/**
 * How each command's form asks for its fields; the contract's schema validates them. Pickers read
 * the case: `notice` its documents pending delivery, `staff` the people of the handling unit (or
 * also the caller's unit), `organ` the upper organs of the unit whose opinion is contested,
 * `upload` a file attached to the case. `when` shows a field only for one value of another.
 */
type Base = { name: string; label: string; when?: { field: string; is: string } };
export type Field = Base &
  (
    | { kind: 'text' }
    | { kind: 'textarea' }
    | { kind: 'number'; min?: number; max?: number }
    | { kind: 'select'; options: Record<string, string>; initial?: string }
    | { kind: 'unit' }
    | { kind: 'date'; noFuture?: boolean }
    | { kind: 'notice' }
    | { kind: 'staff'; of: 'handling' | 'all' }
    | { kind: 'organ'; of: 'review' | 'reReview' }
    | { kind: 'upload'; accept: string }
  );

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
    sel('channel', '评价方式', EVALUATION_CHANNEL_LABELS, 'phone'),
    ta('comment', '评价意见'),
  ],
  conclude: [ta('note', '办结说明')],
  requestReview: [
    { name: 'organId', label: '复查机关', kind: 'organ', of: 'review' },
    ta('reason', '复查请求'),
  ],
  decideReview: REVIEW,
  requestReReview: [
    { name: 'organId', label: '复核机关', kind: 'organ', of: 'reReview' },
    ta('reason', '复核请求'),
  ],
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
    { name: 'documentId', label: '送达的文书', kind: 'notice' },
    sel('method', '送达方式', DELIVERY_METHOD_LABELS, Object.keys(DELIVERY_METHOD_LABELS)[0]),
    { name: 'trackingNo', label: '邮件单号', kind: 'text', when: { field: 'method', is: 'post' } },
    { name: 'deliveredOn', label: '送达日期', kind: 'date', noFuture: true },
    { name: 'receiptAttachmentId', label: '签收的送达回执扫描件', kind: 'upload', accept: 'image/*,.pdf' },
    ta('note', '说明'),
  ],
  recordHearing: [
    { name: 'startOn', label: '听证开始日期', kind: 'date', noFuture: true },
    { name: 'endOn', label: '听证结束日期', kind: 'date', noFuture: true },
    tx('place', '听证地点'),
    ta('participants', '参加人员'),
    { name: 'minutesAttachmentId', label: '听证笔录', kind: 'upload', accept: 'image/*,.pdf' },
  ],
  assignHandler: [{ name: 'userId', label: '承办人', kind: 'staff', of: 'handling' }, ta('note', '说明')],
  recuse: [{ name: 'userId', label: '回避人员', kind: 'staff', of: 'all' }, ta('reason', '回避理由')],
};
