import type { Channel, PetitionState, Purpose, Source } from '@xinfang/contract';

/** The ledger (台账) columns, in export order. Import reads them by header name. */
export const LEDGER_COLUMNS = [
  '编号',
  '登记日期',
  '信访形式',
  '信访人',
  '人数',
  '证件号码',
  '联系电话',
  '问题属地',
  '信访目的',
  '内容分类',
  '诉求内容',
  '责任单位',
  '办理状态',
  '来源',
  '是否越级',
  '是否重复',
  '接访领导',
  '分流日期',
  '受理截止日期',
  '受理日期',
  '答复截止日期',
  '答复日期',
  '办结日期',
  '评价结果',
  '是否化解',
] as const;
export type LedgerColumn = (typeof LEDGER_COLUMNS)[number];
export const REQUIRED_COLUMNS: LedgerColumn[] = ['登记日期', '信访形式', '信访人', '内容分类', '诉求内容'];

export const CHANNEL_NAMES: Record<string, Channel> = {
  来访: 'visit',
  走访: 'visit',
  来信: 'letter',
  网上信访: 'online',
  网信: 'online',
  来电: 'phone',
  领导信箱: 'mailbox',
};
export const PURPOSE_NAMES: Record<string, Purpose> = {
  求决: 'solution',
  申诉: 'appeal',
  揭发控告: 'report',
  检举控告: 'report',
  意见建议: 'suggestion',
  其他: 'other',
};
export const STATE_NAMES: Record<string, PetitionState> = {
  登记: 'registered',
  待受理: 'pending_acceptance',
  已受理: 'accepted',
  不予受理: 'declined',
  办理中: 'accepted',
  已答复: 'replied',
  已办结: 'concluded',
  终结: 'final',
};
export const SOURCE_NAMES: Record<string, Source> = {
  本级登记: 'own',
  上级交办: 'from_above',
  下级上报: 'from_below',
};
export const EVALUATION_NAMES: Record<string, 'satisfied' | 'basically_satisfied' | 'dissatisfied'> = {
  满意: 'satisfied',
  基本满意: 'basically_satisfied',
  不满意: 'dissatisfied',
};

/** The ledger name of each state when exporting (states the import cannot name map to the nearest). */
export const STATE_EXPORT: Record<PetitionState, string> = {
  registered: '登记',
  filed: '已办结',
  transferred: '待受理',
  returned: '待受理',
  pending_acceptance: '待受理',
  accepted: '办理中',
  declined: '不予受理',
  refused: '已办结',
  replied: '已答复',
  evaluated: '已答复',
  reported: '已答复',
  concluded: '已办结',
  review_requested: '已答复',
  reviewed: '已答复',
  re_review_requested: '已答复',
  re_reviewed: '已答复',
  final: '终结',
};
