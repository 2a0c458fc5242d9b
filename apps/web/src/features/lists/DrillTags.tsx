import { Space, Typography } from 'antd';
import { Tag } from '../../components/Tag.tsx';
import { useNames } from '../reference/useReference.ts';
import { DEADLINE_FILTER_LABELS, type ListFilter } from './filters.ts';

/** The conditions a dashboard figure added to the list (超期/临期 of a unit), each removable. */
export function DrillTags({ filter, onChange }: { filter: ListFilter; onChange: (f: ListFilter) => void }) {
  const names = useNames();
  if (!filter.deadline && !filter.ownerUnitId) return null;
  return (
    <Space wrap data-testid="drill-tags">
      <Typography.Text type="secondary">来自首页统计：</Typography.Text>
      {filter.deadline && (
        <Tag closable onClose={() => onChange({ ...filter, deadline: undefined })} color="red">
          {DEADLINE_FILTER_LABELS[filter.deadline]}
        </Tag>
      )}
      {filter.ownerUnitId && (
        <Tag closable onClose={() => onChange({ ...filter, ownerUnitId: undefined })}>
          当前环节单位：{names.unitName.get(filter.ownerUnitId) ?? '…'}
        </Tag>
      )}
    </Space>
  );
}
