import { Breadcrumb, Button, Card, Empty, Table, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useRegionBreakdown } from './useBreakdowns.ts';

type Row = { code: string; name: string; batches: number; hasChildren: boolean };

/**
 * 问题属地 drilled level by level: click a region's name for its sub-regions, a figure for the
 * petitions behind it (`from`, `to`, `region`: the same conditions the server counted with).
 */
export function RegionDrill({ from, to }: { from: string; to: string }) {
  const navigate = useNavigate();
  const [region, setRegion] = useState<string>();
  const data = useRegionBreakdown(from, to, region);
  const open = (code: string) =>
    navigate(`/petitions?${new URLSearchParams({ from, to, region: code }).toString()}`);
  const d = data.data;
  const figure = (row: { code: string; name: string; batches: number }) =>
    row.batches === 0 ? (
      <Typography.Text type="secondary">0</Typography.Text>
    ) : (
      <Button
        type="link"
        size="small"
        style={{ padding: 0, fontWeight: 600 }}
        aria-label={`${row.name} ${row.batches} 批，查看清单`}
        onClick={() => open(row.code)}
      >
        {row.batches}
      </Button>
    );
  return (
    <Card
      size="small"
      title="问题属地（逐级下钻，批次）"
      data-testid="region-drill"
      extra={
        d && (
          <Breadcrumb
            items={d.path.map((p, i) => ({
              title:
                i === d.path.length - 1 ? (
                  p.name
                ) : (
                  <Button
                    type="link"
                    size="small"
                    style={{ padding: 0, height: 'auto' }}
                    onClick={() => setRegion(p.code)}
                  >
                    {p.name}
                  </Button>
                ),
            }))}
          />
        )
      }
    >
      <Table<Row>
        size="small"
        rowKey="code"
        loading={data.isFetching}
        dataSource={d?.children ?? []}
        pagination={false}
        scroll={{ y: 260 }}
        locale={{ emptyText: <Empty description={data.isError ? data.error.message : '没有下级行政区划'} /> }}
        summary={() =>
          d ? (
            <Table.Summary fixed>
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>
                  <strong>{d.region.name}（合计）</strong>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={1}>{figure(d.region)}</Table.Summary.Cell>
              </Table.Summary.Row>
            </Table.Summary>
          ) : null
        }
        columns={[
          {
            title: '行政区划',
            dataIndex: 'name',
            render: (name: string, r) =>
              r.hasChildren ? (
                <Button
                  type="link"
                  size="small"
                  style={{ padding: 0 }}
                  aria-label={`${name}，查看下级区划`}
                  onClick={() => setRegion(r.code)}
                >
                  {name} ›
                </Button>
              ) : (
                name
              ),
          },
          { title: '登记批次', dataIndex: 'batches', width: 100, render: (_: number, r) => figure(r) },
        ]}
      />
    </Card>
  );
}
