import {
  COMMAND_LABELS,
  type CommandName,
  eventDetails,
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
            {eventDetails(e.action, e.data).map((line) => (
              <div key={line} style={{ color: '#595959' }}>
                {line}
              </div>
            ))}
          </div>
        ),
      }))}
    />
  );
}
