import type { Deadline } from '@xinfang/contract';
import { LightTag } from '../../components/Tag.tsx';

/**
 * "剩3天" / "今日到期" / "超期5天": colour and words, never colour alone. A petitioner's window to
 * request 复查/复核 reads "申请期剩3天" / "申请期已过": it binds the petitioner, no unit is 超期 on it.
 */
export function deadlineLabel(deadline: Deadline): string {
  if (!deadline) return '';
  if (deadline.status === 'not_started') return '待送达，未起算';
  if (deadline.owner === 'petitioner') {
    if (deadline.daysLeft < 0) return '申请期已过';
    return deadline.daysLeft === 0 ? '申请期今日届满' : `申请期剩${deadline.daysLeft}天`;
  }
  if (deadline.daysLeft < 0) return `超期${-deadline.daysLeft}天`;
  if (deadline.daysLeft === 0) return '今日到期';
  return `剩${deadline.daysLeft}天`;
}

export function DeadlineText({ deadline }: { deadline: Deadline }) {
  if (!deadline) return null;
  const color =
    deadline.status === 'overdue' ? 'error' : deadline.status === 'near_due' ? 'warning' : 'default';
  return (
    <LightTag
      color={color}
      title={
        deadline.dueOn
          ? `${deadline.owner === 'petitioner' ? '申请复查/复核期限' : '期限'} ${deadline.dueOn}`
          : '文书送达后起算'
      }
    >
      {deadlineLabel(deadline)}
    </LightTag>
  );
}
