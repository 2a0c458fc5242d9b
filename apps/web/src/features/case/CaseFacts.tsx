import { isVisit, type PetitionDetail } from '@xinfang/contract';
import { Card, Descriptions, type DescriptionsProps, Typography } from 'antd';
import { useNames } from '../reference/useReference.ts';

type Items = NonNullable<DescriptionsProps['items']>;

/** 基本信息: what was registered, where it is handled and reviewed, then its title and content. */
export function CaseFacts({ petition: p }: { petition: PetitionDetail }) {
  const names = useNames();
  const unitName = (id: string | null | undefined) => (id ? (names.unitName.get(id) ?? '') : '');
  const organ = (key: string, label: string, ref: PetitionDetail['reviewOrgan']): Items =>
    ref ? [{ key, label, children: ref.name ?? unitName(ref.id) }] : [];
  const facts: Items = [
    { key: 'channel', label: '信访形式', children: p.channelLabel },
    { key: 'purpose', label: '信访目的', children: p.purposeLabel },
    {
      key: 'registeredOn',
      label: '登记日期',
      children: <span style={{ whiteSpace: 'nowrap' }}>{p.registeredOn}</span>,
    },
    { key: 'region', label: '问题属地', children: names.regionName.get(p.regionCode) ?? p.regionCode },
    {
      key: 'category',
      label: '内容分类',
      children: p.categoryId ? (names.categoryName.get(p.categoryId) ?? '') : '未分类',
    },
    { key: 'persons', label: '人数', children: p.persons },
    { key: 'unit', label: '责任单位', children: unitName(p.responsibleUnitId) || '未交办' },
    // 第三十五条、第三十六条: the organs one level up that review, once the petitioner asked them.
    ...organ('reviewOrgan', '复查机关', p.reviewOrgan),
    ...organ('reReviewOrgan', '复核机关', p.reReviewOrgan),
    {
      key: 'queryCode',
      label: '查询码',
      children: <span style={{ whiteSpace: 'nowrap' }}>{p.queryCode}</span>,
    },
    // 接访领导 belongs to visits; a name recorded on another channel before that rule is still shown.
    ...(isVisit(p.channel) || p.leaderName
      ? [{ key: 'leader', label: '接访领导', children: p.leaderName ?? '无' }]
      : []),
  ];
  return (
    <Card size="small" title="基本信息">
      <Descriptions
        size="small"
        column={3}
        bordered
        styles={{ label: { whiteSpace: 'nowrap', width: 96 } }}
        items={[
          // The last fact fills its row: 标题 and 诉求内容 always start rows of their own.
          ...facts.map((f, i) => (i === facts.length - 1 ? { ...f, span: 'filled' as const } : f)),
          { key: 'title', label: '标题', span: 3, children: p.title },
          {
            key: 'content',
            label: '诉求内容',
            span: 3,
            children: (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                {p.content}
              </Typography.Paragraph>
            ),
          },
        ]}
      />
    </Card>
  );
}
