import { z } from 'zod';
import { RankingWeightsSchema } from './statistics/ranking.ts';
import { InternalTargetsSchema, TimeLimitsSchema } from './time-limits.ts';

/** A bureau's configurable rules: limits (≤ statutory), internal targets, thresholds, ranking weights. */
export const PolicySchema = z.object({
  limits: TimeLimitsSchema.default(TimeLimitsSchema.parse({})),
  internal: InternalTargetsSchema.default(InternalTargetsSchema.parse({})),
  collectiveThreshold: z.number().int().min(2).max(1000).default(5),
  rankingWeights: RankingWeightsSchema.default(RankingWeightsSchema.parse({})),
  /** Staff (not only admins) log in with a second factor (TOTP); see domain/second-factor.ts. */
  staffSecondFactor: z.boolean().default(false),
});
export type Policy = z.infer<typeof PolicySchema>;
export const DEFAULT_POLICY: Policy = PolicySchema.parse({});

/** What one bureau sets: any part of the policy; the rest is inherited. */
export const PolicyPatchSchema = z.strictObject({
  limits: TimeLimitsSchema.partial().optional(),
  internal: InternalTargetsSchema.partial().optional(),
  collectiveThreshold: PolicySchema.shape.collectiveThreshold.optional(),
  rankingWeights: RankingWeightsSchema.partial().optional(),
  staffSecondFactor: PolicySchema.shape.staffSecondFactor.optional(),
});
export type PolicyPatch = z.infer<typeof PolicyPatchSchema>;

const defined = <T extends object>(o: T | undefined): Partial<T> =>
  Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;

/**
 * The policy in force for a bureau: the defaults, then each patch from the top of its region
 * chain down to the bureau itself (a county inherits its city's and province's settings).
 */
export function effectivePolicy(patches: readonly PolicyPatch[]): Policy {
  let merged: Record<string, unknown> = { ...DEFAULT_POLICY };
  for (const p of patches) {
    merged = {
      limits: { ...(merged.limits as object), ...defined(p.limits) },
      internal: { ...(merged.internal as object), ...defined(p.internal) },
      collectiveThreshold: p.collectiveThreshold ?? merged.collectiveThreshold,
      rankingWeights: { ...(merged.rankingWeights as object), ...defined(p.rankingWeights) },
      staffSecondFactor: p.staffSecondFactor ?? merged.staffSecondFactor,
    };
  }
  return PolicySchema.parse(merged);
}
