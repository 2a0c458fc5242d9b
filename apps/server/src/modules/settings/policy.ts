import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { DEFAULT_TIME_LIMITS, TimeLimitsSchema } from '../../domain/deadlines.ts';
import { RankingWeightsSchema } from '../../domain/statistics/ranking.ts';
import { readSetting, writeSetting } from './settings.repo.ts';

/** A bureau's configurable rules: time limits, day counting and thresholds. */
export const PolicySchema = z.object({
  limits: TimeLimitsSchema.default(DEFAULT_TIME_LIMITS),
  dayMode: z.enum(['calendar', 'working']).default('calendar'),
  rollOverRestDay: z.boolean().default(true),
  collectiveThreshold: z.number().int().min(2).max(1000).default(5),
  rankingWeights: RankingWeightsSchema.default(RankingWeightsSchema.parse({})),
});
export type Policy = z.infer<typeof PolicySchema>;

const POLICY_KEY = 'policy';

export async function loadPolicy(db: Db): Promise<Policy> {
  return PolicySchema.parse((await readSetting(db, POLICY_KEY)) ?? {});
}

export async function savePolicy(db: Db, patch: Partial<Policy>): Promise<Policy> {
  const next = PolicySchema.parse({ ...(await loadPolicy(db)), ...patch });
  await writeSetting(db, POLICY_KEY, next);
  return next;
}
