import type { Deps } from '../../deps.ts';
import { todayIn } from '../../deps.ts';
import { isIsoDate } from '../../domain/calendar/iso-date.ts';
import { regionPrefix } from '../../domain/region.ts';
import { figuresFromAggregates } from '../../domain/statistics/aggregates.ts';
import { assembleReport, type Report, reportPeriodsRead } from '../../domain/statistics/report.ts';
import { invalid } from '../../errors.ts';
import type { Actor } from '../auth/actor.ts';
import { grantPrefix, notRecused, visibleTo } from '../petitions/petition.scope.ts';
import { policyOf } from '../settings/policy.ts';
import { aggregateStatistics, type StatScope } from './statistics-aggregate.repo.ts';

export type ReportQuery = { from: string; to: string; regionCode?: string; unitId?: string };

/**
 * The statistics report of a period, from the records the caller may see (the CLI passes no actor:
 * the whole installation). Every figure is reproducible from the ledger export of the same scope.
 */
export async function statisticsReport(deps: Deps, actor: Actor | null, query: ReportQuery): Promise<Report> {
  if (!isIsoDate(query.from)) throw invalid('from', '开始日期格式应为 YYYY-MM-DD');
  if (!isIsoDate(query.to)) throw invalid('to', '结束日期格式应为 YYYY-MM-DD');
  if (query.from > query.to) throw invalid('to', '结束日期不能早于开始日期');
  const policy = await policyOf(deps.db, actor);
  const periods = reportPeriodsRead(query.from, query.to);
  const asOf = todayIn(deps.now());
  const aggregates = await aggregateStatistics(deps.db, statScope(actor), {
    periods,
    regionPrefix: query.regionCode ? regionPrefix(query.regionCode) : undefined,
    unitId: query.unitId,
    asOf,
    collectiveThreshold: policy.collectiveThreshold,
    evaluationDays: policy.limits.evaluationDays,
  });
  // The database counts; the definitions turn counts into the report (figures, rates, comparisons).
  return assembleReport(
    {
      from: query.from,
      to: query.to,
      asOf,
      collectiveThreshold: policy.collectiveThreshold,
      evaluationDays: policy.limits.evaluationDays,
    },
    (period) =>
      figuresFromAggregates(
        aggregates[periods.findIndex((p) => p.from === period.from && p.to === period.to)],
        period,
      ),
  );
}

/** The report's scope: the rollup rows of the caller's unit (and grant), less what they are recused from. */
export const statScope = (actor: Actor | null): StatScope =>
  actor && {
    unitId: actor.unitId,
    userId: actor.userId,
    grantPrefix: grantPrefix(actor),
    visible: visibleTo(actor),
    visibleEach: visibleTo(actor, 'each'),
    notRecused: notRecused(actor),
  };
