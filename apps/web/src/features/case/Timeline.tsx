import {
  COMMAND_LABELS,
  type CommandName,
  EVALUATION_LABELS,
  type Evaluation,
  type PetitionState,
  STATE_LABELS,
  type TimelineEvent,
} from '@xinfang/contract';
import { Timeline as AntTimeline, Typography } from 'antd';
import dayjs from 'dayjs';

const ACTION_LABELS: Record<string, string> = {
  ...COMMAND_LABELS,
  register: '登记',
  repeatSuggested: '系统提示可能重复',
};

const stateLabel = (s: string | null) => (s ? (STATE_LABELS[s as PetitionState] ?? s) : '');

function summary(data: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of ['note', 'reason', 'summary', 'result', 'comment']) {
    const v = data[key];
    // An evaluation's result is a code (satisfied …): shown by its Chinese name.
    const shown =
      key === 'result' && typeof v === 'string' && v in EVALUATION_LABELS
        ? EVALUATION_LABELS[v as Evaluation]
        : v;
    if (typeof shown === 'string' && shown.trim()) parts.push(shown.trim());
  }
  return parts.join('；');
}

/** Who did what, from which unit, when, and the state it moved the matter to. */
export function Timeline({ events }: { events: TimelineEvent[] }) {
  return (
    <AntTimeline
      data-testid="timeline"
      items={events.map((e) => ({
        key: String(e.id),
        children: (
          <div>
            <Typography.Text strong>{ACTION_LABELS[e.action as CommandName] ?? e.action}</Typography.Text>
            <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
              {dayjs(e.at).format('YYYY-MM-DD HH:mm')} · {e.actorName ?? '系统'}
              {e.actorUnitName ? `（${e.actorUnitName}）` : ''}
            </Typography.Text>
            {e.fromState !== e.toState && e.toState && (
              <div>
                {stateLabel(e.fromState) || '—'} → {stateLabel(e.toState)}
              </div>
            )}
            {summary(e.data) && <div style={{ color: '#595959' }}>{summary(e.data)}</div>}
          </div>
        ),
      }))}
    />
  );
}
