import { CHANNEL_LABELS, type Channel } from '@xinfang/contract';
import type { Db } from '../../../db/client.ts';
import { listUpperOrgans } from '../../reference/reference.repo.ts';
import { listPetitioners } from '../petition.repo.ts';
import type { TransitionContext } from './transition-context.ts';

/** Formats 2026-03-05 as 2026年3月5日, the way notices print dates. */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** Values every notice can use: who, which case, when, issued by whom. */
export async function baseNoticeValues(ctx: TransitionContext): Promise<Record<string, string>> {
  const people = await listPetitioners(ctx.tx, ctx.row.id);
  const first = people[0]?.name ?? '信访人';
  const petitionerName = people.length > 1 ? `${first}等${ctx.row.persons}人` : first;
  return {
    petitionerName,
    caseNo: ctx.row.caseNo,
    registeredDate: chineseDate(ctx.row.registeredOn),
    channel: CHANNEL_LABELS[ctx.row.channel as Channel],
    title: ctx.row.title,
    content: ctx.row.content,
    unitName: ctx.actor.unitName,
    issuedDate: chineseDate(ctx.today),
  };
}

/** The names of a unit's upper organs for a notice ("向A或者B请求复查"), or a description when none is set. */
export async function organNames(db: Db, unitId: string, fallback: string): Promise<string> {
  const organs = await listUpperOrgans(db, unitId);
  return organs.length > 0 ? organs.map((o) => o.unit.name).join('或者') : fallback;
}
