import type { PetitionPage, PetitionSummary } from '@xinfang/contract';
import { useQuery } from '@tanstack/react-query';
import { Card, Empty, List, Space, Typography } from 'antd';
import { Tag } from '../../components/Tag.tsx';
import { Link } from 'react-router';
import { api, qs } from '../../api/client.ts';
import { DeadlineText } from '../lists/DeadlineText.tsx';

function useLookup(key: string, params: Record<string, string> | null) {
  return useQuery({
    queryKey: ['lookup', key, params],
    queryFn: () => api<PetitionPage>(`/petitions${qs({ ...params, pageSize: 5 })}`),
    enabled: params !== null,
    staleTime: 30_000,
  });
}

function Rows({ items, total, capped }: { items: PetitionSummary[]; total: number; capped?: boolean }) {
  return (
    <List
      size="small"
      dataSource={items}
      footer={
        total > items.length ? (
          <Typography.Text type="secondary">
            {capped ? '超过' : '共'} {total} 件，显示最近 {items.length} 件
          </Typography.Text>
        ) : undefined
      }
      renderItem={(p) => (
        <List.Item>
          <Space direction="vertical" size={0} style={{ width: '100%' }}>
            <Link to={`/petitions/${p.id}`} target="_blank">
              {p.caseNo}
            </Link>
            <Typography.Text ellipsis style={{ maxWidth: 260 }}>
              {p.title}
            </Typography.Text>
            <Space size={4}>
              <Tag>{p.stateLabel}</Tag>
              <Typography.Text type="secondary">{p.registeredOn}</Typography.Text>
              <DeadlineText deadline={p.deadline} />
            </Space>
          </Space>
        </List.Item>
      )}
    />
  );
}

/** While typing: earlier petitions of the same person (exact ID / phone lookup) and similar content. */
export function EarlierPetitions({
  idNumbers,
  phones,
  content,
}: {
  idNumbers: string[];
  phones: string[];
  content: string;
}) {
  const id = idNumbers.find((v) => /^\d{17}[\dXx]$/.test(v));
  const phone = phones.find((v) => /^1\d{10}$/.test(v));
  const person = useLookup('person', id ? { idNumber: id } : phone ? { phone } : null);
  const words = content.replace(/\s+/g, '').slice(0, 8);
  const similar = useLookup('similar', words.length >= 4 ? { q: words } : null);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Card size="small" title="同一信访人的历史信访" data-testid="earlier-person">
        {!id && !phone ? (
          <Typography.Text type="secondary">填写身份证号码或手机号码后自动查询</Typography.Text>
        ) : person.isPending ? (
          <Typography.Text type="secondary">正在查询…</Typography.Text>
        ) : person.data && person.data.total > 0 ? (
          <Rows items={person.data.items} total={person.data.total} capped={person.data.totalCapped} />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="未发现该信访人的历史信访" />
        )}
      </Card>
      <Card size="small" title="内容相似的信访事项" data-testid="earlier-similar">
        {words.length < 4 ? (
          <Typography.Text type="secondary">填写诉求内容后自动查询</Typography.Text>
        ) : similar.isPending ? (
          <Typography.Text type="secondary">正在查询…</Typography.Text>
        ) : similar.data && similar.data.total > 0 ? (
          <Rows items={similar.data.items} total={similar.data.total} capped={similar.data.totalCapped} />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="未发现内容相似的信访事项" />
        )}
      </Card>
    </Space>
  );
}
