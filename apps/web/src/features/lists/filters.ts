import type { Channel, PetitionSort, PetitionState, Purpose, Queue } from '@xinfang/contract';

export type Flag = 'collective' | 'repeat' | 'skipLevel' | 'confidential' | 'fromAbove';
export type Sort = PetitionSort;

/** A list's filter, as the list API reads it. */
export type ListFilter = {
  queue?: Queue;
  state?: PetitionState[];
  channel?: Channel;
  purpose?: Purpose;
  categoryId?: string;
  region?: string;
  unitId?: string;
  from?: string;
  to?: string;
  flags?: Flag[];
  q?: string;
  sort?: Sort;
  /** 超期 / 临期 now, and the unit owning the next step: the dashboard's figures by unit. */
  deadline?: DeadlineFilter;
  ownerUnitId?: string;
};

export type DeadlineFilter = 'overdue' | 'near_due';
export const DEADLINE_FILTER_LABELS: Record<DeadlineFilter, string> = { overdue: '超期', near_due: '临期' };

export const FLAG_LABELS: Record<Flag, string> = {
  collective: '集体访',
  repeat: '重复信访',
  skipLevel: '越级访',
  confidential: '保密件',
  fromAbove: '上级交办',
};

/** Filters from the URL (?state=a,b&channel=…), so a list can be bookmarked and drilled into. */
export function filterFromSearch(search: URLSearchParams): ListFilter {
  const list = <T extends string>(k: string) =>
    search.get(k) ? (search.get(k)!.split(',') as T[]) : undefined;
  const one = <T extends string>(k: string) => (search.get(k) || undefined) as T | undefined;
  return {
    state: list<PetitionState>('state'),
    channel: one<Channel>('channel'),
    purpose: one<Purpose>('purpose'),
    categoryId: one('categoryId'),
    region: one('region'),
    unitId: one('unitId'),
    from: one('from'),
    to: one('to'),
    flags: list<Flag>('flags'),
    q: one('q'),
    sort: one<Sort>('sort'),
    deadline: one<DeadlineFilter>('deadline'),
    ownerUnitId: one('ownerUnitId'),
  };
}

export function filterToSearch(filter: ListFilter): URLSearchParams {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) {
    if (k === 'queue' || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    search.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  return search;
}
