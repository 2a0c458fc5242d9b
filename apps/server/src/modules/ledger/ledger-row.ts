import {
  CHANNEL_LABELS,
  type Channel,
  isVisit,
  LEADER_ONLY_ON_VISITS,
  type PetitionState,
  type Purpose,
  type Source,
} from '@xinfang/contract';
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

/**
 * The cells of one raw row, read column by column; every problem is added to `errors`. A class (not
 * closures made afresh for each row): a ledger import reads a million rows.
 */
class RowCells {
  readonly errors: string[] = [];
  constructor(
    private readonly raw: Partial<Record<LedgerColumn, string>>,
    private readonly today: string,
  ) {}

  get(column: LedgerColumn): string {
    return (this.raw[column] ?? '').trim();
  }

  /** Event dates cannot lie in the future; due dates (截止日期) may. */
  date(column: LedgerColumn, required = false): string | null {
    const text = this.get(column);
    if (!text) return null;
    const value = normalizeDate(text);
    if (!isIsoDate(value)) {
      this.errors.push(`「${column}」${text} 不是有效日期（应为 YYYY-MM-DD）`);
      return null;
    }
    if (value > this.today && !column.includes('截止')) this.errors.push(`「${column}」${value} 晚于今天`);
    return required || value ? value : null;
  }

  choice<T>(column: LedgerColumn, names: Record<string, T>, fallback: T | null): T | null {
    const text = this.get(column);
    if (!text) return fallback;
    const value = names[text];
    if (value === undefined)
      this.errors.push(`「${column}」${text} 无效，可选：${Object.keys(names).join('、')}`);
    return value ?? fallback;
  }

  yesNo(column: LedgerColumn): boolean {
    const text = this.get(column);
    if (!text || text === '否') return false;
    if (text === '是') return true;
    this.errors.push(`「${column}」${text} 无效，应为 是 或 否`);
    return false;
  }

  /** One value per petitioner (「、」-separated). */
  perPerson(column: LedgerColumn): string[] {
    const text = this.get(column);
    return text ? text.split(/[、，,;；]/).map((s) => s.trim()) : [];
  }
}

/** Validates one raw row (header → cell text); every problem is reported, in Chinese, with the column. */
export function parseLedgerRow(
  raw: Partial<Record<LedgerColumn, string>>,
  line: number,
  today: string,
): ParsedRow {
  const cells = new RowCells(raw, today);
  const { errors } = cells;
  for (const column of REQUIRED_COLUMNS) if (!cells.get(column)) errors.push(`缺少「${column}」`);

  const registeredOn = cells.date('登记日期', true);
  const channel = cells.get('信访形式') ? cells.choice('信访形式', CHANNEL_NAMES, null) : null;
  const personsText = cells.get('人数');
  const persons = personsText ? Number(personsText) : 1;
  if (!Number.isInteger(persons) || persons < 1) errors.push(`「人数」${personsText} 应为正整数`);
  const idNumbers = cells.perPerson('证件号码').map((value, i) => {
    if (!value) return null;
    const check = validateIdNumber(value, today);
    if (check.ok) return check.normalized;
    errors.push(`「证件号码」第${i + 1}个有误：${check.message}`);
    return null;
  });
  const phones = cells.perPerson('联系电话').map((value) => {
    if (!value) return null;
    if (!/^[0-9+\-\s]{5,20}$/.test(value)) errors.push(`「联系电话」${value} 格式不正确`);
    return value;
  });
  const row = {
    line,
    externalNo: cells.get('编号') || null,
    registeredOn: registeredOn ?? '',
    channel: channel ?? 'visit',
    petitionerNames: cells
      .get('信访人')
      .split(/[、，,;；]/)
      .map((s) => s.trim())
      .filter(Boolean),
    persons,
    idNumbers,
    phones,
    region: cells.get('问题属地') || null,
    purpose: cells.choice('信访目的', PURPOSE_NAMES, 'solution') ?? 'solution',
    category: cells.get('内容分类'),
    content: cells.get('诉求内容'),
    unit: cells.get('责任单位') || null,
    state: cells.choice('办理状态', STATE_NAMES, 'registered') ?? 'registered',
    source: cells.choice('来源', SOURCE_NAMES, 'own') ?? 'own',
    isSkipLevel: cells.yesNo('是否越级'),
    isRepeat: cells.yesNo('是否重复'),
    leaderName: cells.get('接访领导') || null,
    triagedOn: cells.date('分流日期'),
    acceptanceDueOn: cells.date('受理截止日期'),
    acceptedOn: cells.date('受理日期'),
    replyDueOn: cells.date('答复截止日期'),
    repliedOn: cells.date('答复日期'),
    concludedOn: cells.date('办结日期'),
    evaluation: cells.choice('评价结果', EVALUATION_NAMES, null),
    /** 化解: blank while not recorded. */
    resolved: cells.get('是否化解') ? cells.yesNo('是否化解') : null,
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
  if (row.leaderName && channel && !isVisit(channel))
    errors.push(`「接访领导」${LEADER_ONLY_ON_VISITS}（本行为${CHANNEL_LABELS[channel]}）`);
  return errors.length > 0 ? { ok: false, line, errors } : { ok: true, row };
}
