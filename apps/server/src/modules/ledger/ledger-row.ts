import type { Channel, PetitionState, Purpose, Source } from '@xinfang/contract';
import { isIsoDate } from '../../domain/calendar/iso-date.ts';
import { validateIdNumber } from '../../domain/id-number.ts';
import {
  CHANNEL_NAMES,
  EVALUATION_NAMES,
  type LedgerColumn,
  PURPOSE_NAMES,
  REQUIRED_COLUMNS,
  SOURCE_NAMES,
  STATE_NAMES,
} from './ledger-columns.ts';

/** One validated ledger row, ready to be written. */
export type LedgerRow = {
  line: number;
  externalNo: string | null;
  registeredOn: string;
  channel: Channel;
  petitionerNames: string[];
  persons: number;
  /** One entry per petitioner, in the order of 信访人 (「、」-separated in the ledger; empty = none). */
  idNumbers: Array<string | null>;
  phones: Array<string | null>;
  region: string | null;
  purpose: Purpose;
  category: string;
  content: string;
  unit: string | null;
  state: PetitionState;
  source: Source;
  isSkipLevel: boolean;
  isRepeat: boolean;
  leaderName: string | null;
  triagedOn: string | null;
  acceptanceDueOn: string | null;
  acceptedOn: string | null;
  replyDueOn: string | null;
  repliedOn: string | null;
  concludedOn: string | null;
  evaluation: 'satisfied' | 'basically_satisfied' | 'dissatisfied' | null;
  /** 是否化解: null when the ledger leaves it blank. */
  resolved: boolean | null;
};

export type ParsedRow = { ok: true; row: LedgerRow } | { ok: false; line: number; errors: string[] };

/** Excel may hand dates over as 2025/3/1 or 2025-3-1: normalize to YYYY-MM-DD. */
export function normalizeDate(value: string): string {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(value.trim());
  return m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : value.trim();
}

/** Validates one raw row (header → cell text); every problem is reported, in Chinese, with the column. */
export function parseLedgerRow(
  raw: Partial<Record<LedgerColumn, string>>,
  line: number,
  today: string,
): ParsedRow {
  const errors: string[] = [];
  const get = (c: LedgerColumn) => (raw[c] ?? '').trim();
  for (const column of REQUIRED_COLUMNS) if (!get(column)) errors.push(`缺少「${column}」`);

  /** Event dates cannot lie in the future; due dates (截止日期) may. */
  const date = (column: LedgerColumn, required = false): string | null => {
    const text = get(column);
    if (!text) return null;
    const value = normalizeDate(text);
    if (!isIsoDate(value)) {
      errors.push(`「${column}」${text} 不是有效日期（应为 YYYY-MM-DD）`);
      return null;
    }
    if (value > today && !column.includes('截止')) errors.push(`「${column}」${value} 晚于今天`);
    return required || value ? value : null;
  };
  const choice = <T>(column: LedgerColumn, names: Record<string, T>, fallback: T | null): T | null => {
    const text = get(column);
    if (!text) return fallback;
    const value = names[text];
    if (value === undefined) errors.push(`「${column}」${text} 无效，可选：${Object.keys(names).join('、')}`);
    return value ?? fallback;
  };
  const yesNo = (column: LedgerColumn): boolean => {
    const text = get(column);
    if (!text || text === '否') return false;
    if (text === '是') return true;
    errors.push(`「${column}」${text} 无效，应为 是 或 否`);
    return false;
  };

  const registeredOn = date('登记日期', true);
  const channel = get('信访形式') ? choice('信访形式', CHANNEL_NAMES, null) : null;
  const personsText = get('人数');
  const persons = personsText ? Number(personsText) : 1;
  if (!Number.isInteger(persons) || persons < 1) errors.push(`「人数」${personsText} 应为正整数`);
  const perPerson = (column: LedgerColumn) =>
    get(column)
      ? get(column)
          .split(/[、，,;；]/)
          .map((s) => s.trim())
      : [];
  const idNumbers = perPerson('证件号码').map((value, i) => {
    if (!value) return null;
    const check = validateIdNumber(value, today);
    if (check.ok) return check.normalized;
    errors.push(`「证件号码」第${i + 1}个有误：${check.message}`);
    return null;
  });
  const phones = perPerson('联系电话').map((value) => {
    if (!value) return null;
    if (!/^[0-9+\-\s]{5,20}$/.test(value)) errors.push(`「联系电话」${value} 格式不正确`);
    return value;
  });
  const row = {
    line,
    externalNo: get('编号') || null,
    registeredOn: registeredOn ?? '',
    channel: channel ?? 'visit',
    petitionerNames: get('信访人')
      .split(/[、，,;；]/)
      .map((s) => s.trim())
      .filter(Boolean),
    persons,
    idNumbers,
    phones,
    region: get('问题属地') || null,
    purpose: choice('信访目的', PURPOSE_NAMES, 'solution') ?? 'solution',
    category: get('内容分类'),
    content: get('诉求内容'),
    unit: get('责任单位') || null,
    state: choice('办理状态', STATE_NAMES, 'registered') ?? 'registered',
    source: choice('来源', SOURCE_NAMES, 'own') ?? 'own',
    isSkipLevel: yesNo('是否越级'),
    isRepeat: yesNo('是否重复'),
    leaderName: get('接访领导') || null,
    triagedOn: date('分流日期'),
    acceptanceDueOn: date('受理截止日期'),
    acceptedOn: date('受理日期'),
    replyDueOn: date('答复截止日期'),
    repliedOn: date('答复日期'),
    concludedOn: date('办结日期'),
    evaluation: choice('评价结果', EVALUATION_NAMES, null),
    /** 化解: blank while not recorded. */
    resolved: get('是否化解') ? yesNo('是否化解') : null,
  };
  if (registeredOn) {
    for (const [column, value] of [
      ['受理日期', row.acceptedOn],
      ['答复日期', row.repliedOn],
      ['办结日期', row.concludedOn],
    ] as const) {
      if (value && value < registeredOn) errors.push(`「${column}」${value} 早于登记日期`);
    }
  }
  if (row.content.length > 20000) errors.push('「诉求内容」超过20000字');
  return errors.length > 0 ? { ok: false, line, errors } : { ok: true, row };
}
