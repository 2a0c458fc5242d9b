import chineseDays from 'chinese-days';
import { type IsoDate, isIsoDate, weekday, yearOf } from './iso-date.ts';

/** Years whose official holiday schedule the `chinese-days` package carries. */
export const BUILT_IN_YEARS = { from: 2004, to: 2026 } as const;

export type CalendarOverride = { date: IsoDate; kind: 'workday' | 'holiday'; name?: string };

export type DayInfo = {
  date: IsoDate;
  workday: boolean;
  reason: 'weekday' | 'weekend' | 'holiday' | 'makeup_workday' | 'override_workday' | 'override_holiday';
  name?: string;
};

export type WorkCalendar = {
  isWorkday: (date: IsoDate) => boolean;
  dayInfo: (date: IsoDate) => DayInfo;
  hasDataFor: (year: number) => boolean;
  coveredYears: () => number[];
};

const isWeekend = (date: IsoDate) => {
  const w = weekday(date);
  return w === 0 || w === 6;
};

/** The Chinese part of chinese-days' "Spring Festival,春节,4" names. */
const holidayName = (raw: string): string | undefined => raw.split(',')[1];

/**
 * The legal work calendar: national holidays and 调休 working weekends from `chinese-days`
 * (2004–2026), years an admin imported (their days arrive as overrides), and admin overrides,
 * which win over everything. Outside covered years only weekends are rest days, and callers
 * must warn (see `hasDataFor`).
 */
export function createWorkCalendar(
  options: { overrides?: CalendarOverride[]; extraYears?: number[] } = {},
): WorkCalendar {
  const overrides = new Map((options.overrides ?? []).map((o) => [o.date, o]));
  const extraYears = new Set(options.extraYears ?? []);
  const builtIn = (year: number) => year >= BUILT_IN_YEARS.from && year <= BUILT_IN_YEARS.to;

  const computeDayInfo = (date: IsoDate): DayInfo => {
    const override = overrides.get(date);
    if (override) {
      return override.kind === 'workday'
        ? { date, workday: true, reason: 'override_workday', name: override.name }
        : { date, workday: false, reason: 'override_holiday', name: override.name };
    }
    if (builtIn(yearOf(date))) {
      const detail = chineseDays.getDayDetail(date);
      const name = holidayName(detail.name);
      if (name && detail.work) return { date, workday: true, reason: 'makeup_workday', name };
      if (name && !detail.work) return { date, workday: false, reason: 'holiday', name };
    }
    return isWeekend(date)
      ? { date, workday: false, reason: 'weekend' }
      : { date, workday: true, reason: 'weekday' };
  };

  // A calendar is immutable (a change of settings builds a new one), so each date is looked up in
  // chinese-days once: every registration's deadline inspects the same few dates.
  const known = new Map<IsoDate, Readonly<DayInfo>>();
  const dayInfo = (date: IsoDate): DayInfo => {
    let info = known.get(date);
    if (!info) {
      info = Object.freeze(computeDayInfo(date));
      known.set(date, info);
    }
    return info;
  };

  return {
    dayInfo,
    isWorkday: (date) => dayInfo(date).workday,
    hasDataFor: (year) => builtIn(year) || extraYears.has(year),
    coveredYears: () => {
      const years = new Set(extraYears);
      for (let y = BUILT_IN_YEARS.from; y <= BUILT_IN_YEARS.to; y++) years.add(y);
      return [...years].sort((a, b) => a - b);
    },
  };
}

export type CalendarImport = {
  year: number;
  entries: CalendarOverride[];
  errors: Array<{ line: number; message: string }>;
};

/**
 * Parses a year's official schedule for `xinfang calendar import`: CSV lines `date,kind,name`
 * (kind `holiday` | `workday`, or 休 | 班), `#` comments and an optional header; or a JSON array
 * of `{ date, kind, name }`. Every entry must fall in one year.
 */
export function parseCalendarImport(text: string): CalendarImport {
  const errors: CalendarImport['errors'] = [];
  const entries: CalendarOverride[] = [];
  const body = text.replace(/^\uFEFF/, '').trim();
  const push = (line: number, date: string, kind: string, name?: string) => {
    const k = kind === '休' ? 'holiday' : kind === '班' ? 'workday' : kind;
    if (!isIsoDate(date)) errors.push({ line, message: `第${line}行：日期“${date}”无效，应为 YYYY-MM-DD` });
    else if (k !== 'holiday' && k !== 'workday')
      errors.push({ line, message: `第${line}行：类型“${kind}”无效，应为 holiday 或 workday` });
    else entries.push({ date, kind: k, name: name?.trim() || undefined });
  };
  if (body.startsWith('[')) {
    try {
      const rows = JSON.parse(body) as Array<{ date?: string; kind?: string; name?: string }>;
      for (const [i, r] of rows.entries()) push(i + 1, String(r.date ?? ''), String(r.kind ?? ''), r.name);
    } catch {
      errors.push({ line: 1, message: 'JSON 格式无效' });
    }
  } else {
    body.split(/\r?\n/).forEach((raw, i) => {
      const line = raw.trim();
      if (!line || line.startsWith('#') || /^date\s*,/i.test(line) || line.startsWith('日期')) return;
      const [date = '', kind = '', ...name] = line.split(',').map((s) => s.trim());
      push(i + 1, date, kind, name.join(','));
    });
  }
  const years = [...new Set(entries.map((e) => yearOf(e.date)))];
  if (entries.length === 0 && errors.length === 0) errors.push({ line: 0, message: '文件中没有任何日期' });
  if (years.length > 1)
    errors.push({ line: 0, message: `一个文件只能包含一个年度，发现：${years.join('、')}` });
  return { year: years[0] ?? 0, entries, errors };
}
