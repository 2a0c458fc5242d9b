import type { PetitionSummary } from '@xinfang/contract';
import type { ColumnsType } from 'antd/es/table';
import { LightTag } from '../../components/Tag.tsx';
import { Link } from 'react-router';
import { DeadlineText } from './DeadlineText.tsx';
import './list.css';

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
      // Plain elements, no Typography/Tooltip per row: the title ends in "…" inside its column and
      // shows in full on hover (title attribute), the flags keep their words and colours.
      render: (v: string, p) => (
        <span className="xf-title-cell">
          {p.isCollective && <LightTag color="volcano">集体访</LightTag>}
          {p.isRepeat && <LightTag color="purple">重复</LightTag>}
          {p.isSkipLevel && <LightTag color="gold">越级</LightTag>}
          {p.confidential && <LightTag color="magenta">保密</LightTag>}
          <span className="xf-title-text" title={v}>
            {v}
          </span>
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
