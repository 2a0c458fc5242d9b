import type { Deps } from '../../deps.ts';
import { todayIn } from '../../deps.ts';
import { isIsoDate } from '../../domain/calendar/iso-date.ts';
import { type RankingPeriod, rankingPeriod, rankUnits } from '../../domain/statistics/ranking.ts';
import { invalid } from '../../errors.ts';
import type { Actor } from '../auth/actor.ts';
import { petitionScope } from '../petitions/petition.scope.ts';
import { policyOf } from '../settings/policy.ts';
import { loadStatRows } from './statistics.repo.ts';

/** 单位排名 for the week, month, half year or year containing `date` (default today). */
export async function unitRanking(
  deps: Deps,
  actor: Actor | null,
  query: { period: RankingPeriod; date?: string },
) {
  const today = todayIn(deps.now());
  const date = query.date ?? today;
  if (!isIsoDate(date)) throw invalid('date', '日期格式应为 YYYY-MM-DD');
  const policy = await policyOf(deps.db, actor);
  const period = rankingPeriod(query.period, date);
  const rows = await loadStatRows(deps.db, actor ? petitionScope(actor) : undefined, period);
  return {
    ...period,
    period: query.period,
    weights: policy.rankingWeights,
    units: rankUnits(rows, policy.rankingWeights, today, policy.limits.evaluationDays),
  };
}
