import { z } from 'zod';

/**
 * The periods the 2022《信访工作条例》fixes. "日" is a calendar day: the day of receipt (or of the
 * event) is not counted (民法典第二百零一条) and a period whose last day is a rest day ends on the
 * next working day (民法典第二百零三条). Only the objection period is in working days.
 */
export const STATUTE = {
  /** 第二十二条: 信访部门收到信访事项，应当予以登记，并……在15日内分别按照下列方式处理. */
  forwardDays: { days: 15, article: '第二十二条', label: '信访部门登记转送交办' },
  /** 第二十三条: 对转送、交办的信访事项……应当自收到之日起15日内书面告知信访人接收情况以及处理途径和程序. */
  acceptanceDays: { days: 15, article: '第二十三条', label: '书面告知接收和受理情况' },
  /** 第二十三条: 不属于本机关、单位职权范围的，应当自收到之日起5个工作日内提出异议. */
  objectionWorkingDays: { days: 5, article: '第二十三条', label: '提出异议并退回' },
  /** 第三十四条: 应当自受理之日起60日内办结. */
  handlingDays: { days: 60, article: '第三十四条', label: '办理并出具处理意见书' },
  /** 第三十四条: 经本机关、单位负责人批准，可以适当延长办理期限，但延长期限不得超过30日，并告知信访人延期理由. */
  maxExtensionDays: { days: 30, article: '第三十四条', label: '延长办理期限' },
  /** 第三十五条: 信访人……可以自收到书面答复之日起30日内请求……上一级机关、单位复查. */
  reviewRequestDays: { days: 30, article: '第三十五条', label: '申请复查' },
  /** 第三十五条: 收到复查请求的机关、单位应当自收到复查请求之日起30日内提出复查意见. */
  reviewDecisionDays: { days: 30, article: '第三十五条', label: '复查并出具复查意见书' },
  /** 第三十六条: 信访人对复查意见不服的，可以自收到书面答复之日起30日内……请求复核. */
  reReviewRequestDays: { days: 30, article: '第三十六条', label: '申请复核' },
  /** 第三十六条: 收到复核请求的机关、单位应当自收到复核请求之日起30日内提出复核意见；听证所需时间不计算在前款规定的期限内. */
  reReviewDecisionDays: { days: 30, article: '第三十六条', label: '复核并出具复核意见书' },
} as const;

/** A statutory limit a bureau may shorten for its organs, never lengthen. */
const shortenable = (key: keyof typeof STATUTE, min = 1) =>
  z
    .number({ error: `${STATUTE[key].label}期限应为整数日` })
    .int(`${STATUTE[key].label}期限应为整数日`)
    .min(min, `${STATUTE[key].label}期限至少为${min}日`)
    .max(
      STATUTE[key].days,
      `${STATUTE[key].label}期限不得超过《信访工作条例》${STATUTE[key].article}规定的${STATUTE[key].days}日`,
    )
    .default(STATUTE[key].days);

/**
 * The organs' limits a bureau applies: each at most the statutory period. The petitioner's own
 * windows (复查、复核申请) and the objection period are not here: no policy may shorten a right.
 */
export const TimeLimitsSchema = z.object({
  forwardDays: shortenable('forwardDays'),
  acceptanceDays: shortenable('acceptanceDays'),
  handlingDays: shortenable('handlingDays'),
  maxExtensionDays: shortenable('maxExtensionDays', 0),
  reviewDecisionDays: shortenable('reviewDecisionDays'),
  reReviewDecisionDays: shortenable('reReviewDecisionDays'),
  /** Not statutory: how long after receiving the reply the petitioner is asked to rate it. */
  evaluationDays: z.number().int().min(1, '评价期限至少为1日').max(90, '评价期限不得超过90日').default(15),
  /** "Near due" from this many days before the due date. */
  nearDueDays: z.number().int().min(0).max(30, '临期提醒天数不得超过30日').default(3),
});
export type TimeLimits = z.infer<typeof TimeLimitsSchema>;
export const DEFAULT_TIME_LIMITS: TimeLimits = TimeLimitsSchema.parse({});

/**
 * A bureau's own stricter targets (its policy, not the law): e.g. Guangdong's 日清日结 (first
 * petitions forwarded the day they are registered) or a forwarding target in working days. These
 * are the only periods the bureau may count in working days.
 */
export const InternalTargetsSchema = z.object({
  dailyClearance: z.boolean().default(false),
  forwardTargetDays: z.number().int().min(0).max(15, '内部转送目标不得超过15日').nullable().default(null),
  dayMode: z.enum(['calendar', 'working']).default('working'),
});
export type InternalTargets = z.infer<typeof InternalTargetsSchema>;
