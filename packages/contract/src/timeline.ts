import {
  EVALUATION_CHANNEL_LABELS,
  EVALUATION_LABELS,
  type EvaluationChannel,
  type Evaluation,
  REPLY_OUTCOME_LABELS,
  type ReplyOutcome,
  REVIEW_OUTCOME_LABELS,
  type ReviewOutcome,
  TRIAGE_LABELS,
  type TriageKind,
} from './enums.ts';

type Data = Record<string, unknown>;

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const label = <K extends string>(labels: Record<K, string>, v: unknown): string | null =>
  typeof v === 'string' && v in labels ? labels[v as K] : null;
const joined = (...parts: Array<string | null>): string | null => {
  const kept = parts.filter((p): p is string => p !== null);
  return kept.length > 0 ? kept.join(' · ') : null;
};
const resolution = (d: Data) =>
  typeof d.resolved === 'boolean'
    ? joined(d.resolved ? '已化解' : '未化解', text(d.resolutionNote))
    : text(d.resolutionNote);

/** What each action decided, from its event's data: the line a clerk reads under the action. */
const routed = (d: Data, fallback: string | null) =>
  joined(
    label(TRIAGE_LABELS, (d.kind ?? (d.after as Data | undefined)?.triage) as TriageKind) ?? fallback,
    text(d.unitName) && `至${text(d.unitName)}`,
  );

const DECIDED: Record<string, (d: Data) => string | null> = {
  triage: (d) => routed(d, null),
  reassign: (d) => routed(d, '改派'),
  extend: (d) =>
    typeof d.days === 'number'
      ? joined(`延长${d.days}日`, text(d.approverName) && `批准人 ${text(d.approverName)}`)
      : null,
  reply: (d) => label(REPLY_OUTCOME_LABELS, d.outcome as ReplyOutcome),
  recordDelivery: (d) =>
    joined(
      text(d.documentNo) ? `${text(d.notice)}（${text(d.documentNo)}）` : text(d.notice),
      text(d.methodLabel),
      text(d.deliveredOn) && `送达日期 ${text(d.deliveredOn)}${d.recordedLate === true ? '（补登）' : ''}`,
      text(d.trackingNo) && `邮件单号 ${text(d.trackingNo)}`,
    ),
  evaluate: (d) => {
    const how = label(EVALUATION_CHANNEL_LABELS, d.channel as EvaluationChannel);
    return joined(label(EVALUATION_LABELS, d.result as Evaluation), how && `${how}评价`);
  },
  requestReview: (d) => text(d.organName) && `复查机关 ${text(d.organName)}`,
  requestReReview: (d) => text(d.organName) && `复核机关 ${text(d.organName)}`,
  decideReview: (d) => joined(label(REVIEW_OUTCOME_LABELS, d.outcome as ReviewOutcome), text(d.organName)),
  decideReReview: (d) => joined(label(REVIEW_OUTCOME_LABELS, d.outcome as ReviewOutcome), text(d.organName)),
  recordHearing: (d) =>
    text(d.startOn)
      ? joined(`听证 ${text(d.startOn)} 至 ${text(d.endOn) ?? text(d.startOn)}`, text(d.place))
      : null,
  conclude: resolution,
  finalize: resolution,
  approveConclusion: resolution,
};

/** Free text an action carries (its note, reason, summary, comment), in that order. */
const NOTES = ['note', 'reason', 'summary', 'comment'] as const;

/**
 * The lines a timeline entry reads as, beside who did it and the state it moved to: what was
 * decided (转送至…, 邮寄送达 · 送达日期…, 维持原处理意见 · 复查机关…), then the free text given with it.
 */
export function eventDetails(action: string, data: Data): string[] {
  const decided = joined(
    DECIDED[action]?.(data) ?? null,
    // 不予受理 names the legal channel the matter belongs to (第三十一条).
    text(data.legalChannel) && `法定途径：${text(data.legalChannel)}`,
  );
  const notes = NOTES.map((key) => text(data[key])).filter((v): v is string => v !== null);
  return [...(decided ? [decided] : []), ...(notes.length > 0 ? [notes.join('；')] : [])];
}
