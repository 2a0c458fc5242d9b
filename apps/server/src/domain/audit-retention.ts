/**
 * How long audit entries stay in the live table. 《中华人民共和国网络安全法》第二十一条（三）:
 * 网络运营者应当……采取监测、记录网络运行状态、网络安全事件的技术措施，并按照规定留存相关的网络日志
 * 不少于六个月. Archiving moves entries out of the table into signed archive files; it may only
 * take entries older than six months.
 */
export const AUDIT_RETENTION_MONTHS = 6;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD, or null. */
export function parseDate(text: string): { y: number; m: number; d: number } | null {
  const match = DATE.exec(text);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) return null;
  return { y, m, d };
}

/**
 * The latest allowed archive cut-off for `today` (both YYYY-MM-DD, China time): the same day six
 * calendar months earlier, or that month's last day when it is shorter (08-31 → 02-28/29).
 */
export function latestArchiveCutoff(today: string): string {
  const t = parseDate(today);
  if (!t) throw new Error(`invalid date ${today}`);
  const months = t.y * 12 + (t.m - 1) - AUDIT_RETENTION_MONTHS;
  const y = Math.floor(months / 12);
  const m = (months % 12) + 1;
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const d = Math.min(t.d, lastDay);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Whether entries before `before` may leave the live table today. */
export function archiveCutoffAllowed(before: string, today: string): boolean {
  return before <= latestArchiveCutoff(today);
}
