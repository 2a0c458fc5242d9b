import type { PetitionSummary } from '@xinfang/contract';
import { Typography } from 'antd';
import { Tag } from '../../components/Tag.tsx';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { DeadlineText } from './DeadlineText.tsx';

type Names = {
  unitName: Map<string, string>;
  categoryName: Map<string, string>;
  regionName: Map<string, string>;
};

/** Every column a petition list can show, in one place; users choose which to see. */
export function petitionColumns(names: Names): ColumnsType<PetitionSummary> {
  return [
    {
      key: 'caseNo',
      title: '信访件编号',
      dataIndex: 'caseNo',
      width: 170,
      render: (v: string, p) => <Link to={`/petitions/${p.id}`}>{v}</Link>,
    },
    {
      key: 'title',
      title: '标题',
      dataIndex: 'title',
      ellipsis: true,
      render: (v: string, p) => (
        // The title takes the room the flags leave and ends in "…" inside its column (full text on hover).
        <span style={{ display: 'flex', alignItems: 'center', gap: 4, minWidth: 0 }}>
          {p.isCollective && <Tag color="volcano">集体访</Tag>}
          {p.isRepeat && <Tag color="purple">重复</Tag>}
          {p.isSkipLevel && <Tag color="gold">越级</Tag>}
          {p.confidential && <Tag color="magenta">保密</Tag>}
          <Typography.Text ellipsis={{ tooltip: v }} style={{ minWidth: 0, flex: '1 1 auto' }}>
            {v}
          </Typography.Text>
        </span>
      ),
    },
    { key: 'state', title: '状态', dataIndex: 'stateLabel', width: 110 },
    { key: 'channel', title: '形式', dataIndex: 'channelLabel', width: 84 },
    { key: 'purpose', title: '目的', dataIndex: 'purposeLabel', width: 84 },
    {
      key: 'category',
      title: '内容分类',
      dataIndex: 'categoryId',
      width: 150,
      ellipsis: true,
      render: (v: string | null) => (v ? (names.categoryName.get(v) ?? '') : ''),
    },
    {
      key: 'region',
      title: '问题属地',
      dataIndex: 'regionCode',
      width: 110,
      render: (v: string) => names.regionName.get(v) ?? v,
    },
    {
      key: 'unit',
      title: '责任单位',
      dataIndex: 'responsibleUnitId',
      width: 170,
      ellipsis: true,
      render: (v: string | null) => (v ? (names.unitName.get(v) ?? '') : ''),
    },
    { key: 'registeredOn', title: '登记日期', dataIndex: 'registeredOn', width: 104 },
    {
      key: 'deadline',
      title: '期限',
      dataIndex: 'deadline',
      // Wide enough for the longest text, 待送达，未起算.
      width: 132,
      render: (_: unknown, p) => <DeadlineText deadline={p.deadline} />,
    },
  ];
}

export const DEFAULT_COLUMNS = [
  'caseNo',
  'title',
  'state',
  'channel',
  'region',
  'unit',
  'registeredOn',
  'deadline',
];
