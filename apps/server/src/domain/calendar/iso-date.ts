/** A calendar date as `YYYY-MM-DD`. All arithmetic is done in UTC so no time zone can shift a day. */
export type IsoDate = string;

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const m = ISO_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() === Number(m[2]) - 1 &&
    d.getUTCDate() === Number(m[3])
  );
}

const toUtc = (date: IsoDate): number => Date.parse(`${date}T00:00:00Z`);
const fromUtc = (ms: number): IsoDate => new Date(ms).toISOString().slice(0, 10);

export const addDays = (date: IsoDate, days: number): IsoDate => fromUtc(toUtc(date) + days * 86_400_000);
export const diffDays = (from: IsoDate, to: IsoDate): number =>
  Math.round((toUtc(to) - toUtc(from)) / 86_400_000);
/** 0 = Sunday … 6 = Saturday. */
export const weekday = (date: IsoDate): number => new Date(toUtc(date)).getUTCDay();
export const yearOf = (date: IsoDate): number => Number(date.slice(0, 4));

/** The same date `years` earlier or later; 29 February becomes 28 February in a common year. */
export function shiftYears(date: IsoDate, years: number): IsoDate {
  const y = yearOf(date) + years;
  const md = date.slice(5);
  const candidate = `${y}-${md}`;
  return isIsoDate(candidate) ? candidate : `${y}-02-28`;
}
