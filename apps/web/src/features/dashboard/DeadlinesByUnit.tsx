import { Button, Card, Empty, Table, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useDeadlinesByUnit } from './useBreakdowns.ts';

type Row = { unitId: string; unitName: string; overdue: number; nearDue: number };

/**
 * 超期 and 临期 by the unit owning each case's next step, worst first. Each figure opens the list
 * behind it (`deadline` + `ownerUnitId`), which the server counts with the same condition.
 */
export function DeadlinesByUnit() {
  const navigate = useNavigate();
  const data = useDeadlinesByUnit();
  const open = (status: 'overdue' | 'near_due', unitId: string) =>
    navigate(`/petitions?${new URLSearchParams({ deadline: status, ownerUnitId: unitId }).toString()}`);
  const figure = (n: number, status: 'overdue' | 'near_due', row: Row) =>
    n === 0 ? (
      <Typography.Text type="secondary">0</Typography.Text>
    ) : (
      <Button
        type="link"
        size="small"
        style={{ padding: 0, color: status === 'overdue' ? '#a8071a' : '#874d00', fontWeight: 600 }}
        aria-label={`${row.unitName}${status === 'overdue' ? '超期' : '临期'} ${n} 件，查看清单`}
        onClick={() => open(status, row.unitId)}
      >
        {n}
      </Button>
    );
  return (
    <Card
      size="small"
      title="各单位超期、临期件数"
      extra={
        data.data && (
          <Typography.Text type="secondary">
            截至 {data.data.asOf}，临期指 {data.data.nearDueDays} 日内到期
          </Typography.Text>
        )
      }
      data-testid="deadlines-by-unit"
    >
      <Table<Row>
        size="small"
        rowKey="unitId"
        loading={data.isPending}
        dataSource={data.data?.units ?? []}
        // Whole rows, a page at a time: a scrolling body cut its last row at the card's bottom.
        pagination={{ pageSize: 6, size: 'small', hideOnSinglePage: true, showSizeChanger: false }}
        locale={{
          emptyText: <Empty description={data.isError ? data.error.message : '没有超期或临期的信访事项'} />,
        }}
        columns={[
          { title: '单位', dataIndex: 'unitName', ellipsis: true },
          {
            title: '超期',
            dataIndex: 'overdue',
            width: 80,
            render: (n: number, r) => figure(n, 'overdue', r),
          },
          {
            title: '临期',
            dataIndex: 'nearDue',
            width: 80,
            render: (n: number, r) => figure(n, 'near_due', r),
          },
        ]}
      />
    </Card>
  );
}
