import { z } from 'zod';
import { Channel, UpperOrganRelation, UnitKind } from './enums.ts';
import { NoticeTemplateViewSchema, PolicySummarySchema } from './responses.ts';

/**
 * Response shapes of the remaining routes (administration, calendar, portal, statistics). The
 * server declares them as route response schemas, so they are the OpenAPI document and the
 * serializer at once; the web infers its types from them.
 */
const nullableText = z.string().nullable();

export const OkSchema = z.object({ ok: z.literal(true) });
export const HealthSchema = z.object({ status: z.literal('ok'), time: z.string() });
export const LogoutAllResultSchema = z.object({ ended: z.number().int() });

export const UpperOrganSchema = z.object({
  unitId: z.string(),
  name: z.string(),
  kind: UnitKind,
  relation: UpperOrganRelation,
});
export type UpperOrgan = z.infer<typeof UpperOrganSchema>;
export const RegionsLoadedSchema = z.object({ loaded: z.number().int() });

export const UserCreatedSchema = z.object({
  id: z.string(),
  username: z.string(),
  /** Shown once; absent when the admin set the password. */
  oneTimePassword: z.string().optional(),
});
export const UserRefSchema = z.object({ id: z.string(), username: z.string() });

export const PolicyUpdatedSchema = PolicySummarySchema.pick({ bureau: true, effective: true }).extend({
  bureau: z.object({ id: z.string(), name: z.string() }),
  own: z.record(z.string(), z.unknown()),
  /** Open cases whose deadlines the change recomputed. */
  deadlinesMoved: z.number().int(),
});
export const NoticeTemplateSavedSchema = NoticeTemplateViewSchema.pick({ kind: true, template: true });

export const AuditVerdictSchema = z.union([
  z.object({
    ok: z.literal(true),
    count: z.number().int(),
    lastSeq: z.number().int().nullable(),
    headHash: nullableText,
    archived: z.number().int(),
    archivesChecked: z.boolean(),
  }),
  z.object({
    ok: z.literal(false),
    count: z.number().int(),
    firstBadSeq: z.number().int(),
    problem: z.enum(['altered', 'inserted', 'deleted', 'checkpoint', 'archive']),
    message: z.string(),
    archived: z.number().int(),
    archivesChecked: z.boolean(),
  }),
]);

export const CalendarOverrideSetSchema = z.object({
  date: z.string(),
  kind: z.enum(['workday', 'holiday']),
  name: z.string().optional(),
  deadlinesMoved: z.number().int(),
});
export const CalendarOverrideRemovedSchema = z.object({ date: z.string(), deadlinesMoved: z.number().int() });
export const CalendarImportedSchema = z.object({
  year: z.number().int(),
  entries: z.number().int(),
  deadlinesMoved: z.number().int(),
});

/** 网上查询: what the petitioner sees with the query code and secret. */
export const PortalLookupSchema = z.object({
  caseNo: z.string(),
  registeredOn: z.string(),
  state: z.string(),
  stateLabel: z.string(),
  deadline: z
    .object({
      dueOn: z.string(),
      status: z.enum(['normal', 'near_due', 'overdue']),
      daysLeft: z.number().int(),
    })
    .nullable(),
  progress: z.array(z.object({ date: z.string(), step: z.string(), state: nullableText })),
  documents: z.array(z.object({ id: z.string(), title: z.string(), issuedOn: z.string() })),
});
export type PortalLookup = z.infer<typeof PortalLookupSchema>;

// ——— Statistics (统计报表) ———
/** 批次 (petitions) and 人次 (their persons). */
export const CountSchema = z.object({ batches: z.number().int(), persons: z.number().int() });
/** A rate with the figures behind it; null when its denominator is 0. */
export const RateSchema = z.object({
  value: z.number().nullable(),
  numerator: z.number().int(),
  denominator: z.number().int(),
});
const GroupCountSchema = CountSchema.extend({ name: z.string() });
const ChangeSchema = z.object({ batches: z.number().nullable(), persons: z.number().nullable() });
const byChannel = <T extends z.ZodType>(item: T) => z.record(Channel, item);
const int = z.number().int();

export const PeriodFiguresSchema = z.object({
  from: z.string(),
  to: z.string(),
  total: CountSchema,
  byChannel: byChannel(CountSchema),
  collective: CountSchema,
  individual: CountSchema,
  byCategory: z.array(
    CountSchema.extend({
      name: z.string(),
      parent: nullableText,
      level: z.union([z.literal(1), z.literal(2)]),
      collectiveBatches: int,
      collectivePersons: int,
    }),
  ),
  leaderReceptions: CountSchema,
  concluded: int,
  inProgress: int,
  concludedRate: z.number().nullable(),
  rates: z.object({
    timelyAcceptance: z.number().nullable(),
    onTimeConclusion: z.number().nullable(),
    evaluationParticipation: z.number().nullable(),
    satisfaction: z.number().nullable(),
    sameDayForwarding: z.number().nullable(),
    resolved: z.number().nullable(),
    reportedConcluded: z.number().nullable(),
  }),
  rateDetails: z.object({
    timelyAcceptance: RateSchema.extend({ timely: int, late: int, overdueUndecided: int }),
    onTimeConclusion: RateSchema.extend({ onTime: int, late: int, pending: int, overdueUnreplied: int }),
    evaluationParticipation: RateSchema.extend({ evaluated: int, expired: int }),
    satisfaction: RateSchema.extend({ satisfied: int, basicallySatisfied: int, dissatisfied: int }),
    sameDayForwarding: RateSchema.extend({ sameDay: int, first: int }),
    concluded: RateSchema,
    resolved: RateSchema,
    reportedConcluded: RateSchema,
  }),
  byPurpose: z.array(GroupCountSchema),
  byRegion: z.array(GroupCountSchema),
  byUnit: z.array(GroupCountSchema),
  bySource: z.array(GroupCountSchema),
  firstVsRepeat: z.object({ first: CountSchema, repeat: CountSchema }),
  skipLevel: CountSchema,
  leaders: z.array(GroupCountSchema),
  bouncesByUnit: z.array(z.object({ unit: z.string(), count: int })),
});
export type PeriodFigures = z.infer<typeof PeriodFiguresSchema>;

const ComparisonSchema = z.object({
  total: ChangeSchema,
  byChannel: byChannel(ChangeSchema),
  collective: ChangeSchema,
});

/** The report of a period with 同比 (yoy, a year earlier) and 环比 (mom, the previous period). */
export const StatisticsReportSchema = PeriodFiguresSchema.extend({
  previousYear: PeriodFiguresSchema,
  yoy: ComparisonSchema,
  previousPeriod: PeriodFiguresSchema.pick({
    from: true,
    to: true,
    total: true,
    byChannel: true,
    collective: true,
  }),
  mom: ComparisonSchema,
});
export type StatisticsReport = z.infer<typeof StatisticsReportSchema>;

export const UnitRankingSchema = z.object({
  from: z.string(),
  to: z.string(),
  period: z.enum(['week', 'month', 'half', 'year']),
  weights: z.object({
    timelyAcceptance: z.number(),
    onTimeConclusion: z.number(),
    evaluationParticipation: z.number(),
    satisfaction: z.number(),
    bouncePenalty: z.number(),
  }),
  units: z.array(
    z.object({
      rank: int,
      unit: z.string(),
      cases: int,
      timelyAcceptance: z.number().nullable(),
      onTimeConclusion: z.number().nullable(),
      evaluationParticipation: z.number().nullable(),
      satisfaction: z.number().nullable(),
      bounces: int,
      score: z.number(),
    }),
  ),
});
export type UnitRanking = z.infer<typeof UnitRankingSchema>;

/** The answer of an admin's reset of a user's second factor: the user and how many sessions ended. */
export const SecondFactorResetSchema = z.object({
  id: z.string(),
  username: z.string(),
  sessionsEnded: z.number().int(),
});
export type SecondFactorReset = z.infer<typeof SecondFactorResetSchema>;
