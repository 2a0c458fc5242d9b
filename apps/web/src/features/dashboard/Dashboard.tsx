import { CHANNEL_LABELS, type Channel, PURPOSE_LABELS, type Purpose } from '@xinfang/contract';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Row,
  Skeleton,
  Space,
  Statistic,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { ChartCard } from './ChartCard.tsx';
import { type ReportView, useMonthlyTotals, useReport } from './useReport.ts';

const RATES: Array<{ key: keyof ReportView['rateDetails']; label: string; formula: string }> = [
  { key: 'timelyAcceptance', label: '及时受理率', formula: '按期告知受理与否的件数 ÷ 应告知件数' },
  { key: 'onTimeConclusion', label: '按期办结率', formula: '按期办结件数 ÷ 应办结件数' },
  { key: 'evaluationParticipation', label: '参评率', formula: '已评价件数 ÷ 应评价件数' },
  { key: 'satisfaction', label: '满意率', formula: '满意及基本满意件数 ÷ 已评价件数' },
  { key: 'sameDayForwarding', label: '当日转送率', formula: '当日转送交办件数 ÷ 转送交办件数' },
  { key: 'concluded', label: '办结率', formula: '已办结件数 ÷ 登记件数' },
];

/** The first ten of a breakdown (largest first, as the report orders them), as bars. */
const top10 = (rows: Array<{ name: string; batches: number }>) =>
  rows.slice(0, 10).map((x) => ({ name: x.name, value: x.batches }));

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const change = (v: number | null) =>
  v === null ? '无可比数据' : `${v >= 0 ? '增长' : '下降'} ${Math.abs(v * 100).toFixed(1)}%`;

/** A headline figure; clicking it opens the list of the petitions behind it. */
function FigureCard(props: {
  title: string;
  value: number;
  note: string;
  onOpen: () => void;
  highlight?: boolean;
  testId?: string;
}) {
  return (
    <Col span={6}>
      <Card
        size="small"
        hoverable
        style={{ height: '100%' }}
        onClick={props.onOpen}
        data-testid={props.testId}
      >
        <Statistic
          title={props.title}
          value={props.value}
          valueStyle={props.highlight ? { color: '#1d39c4' } : undefined}
        />
        <Typography.Text type="secondary">{props.note}</Typography.Text>
      </Card>
    </Col>
  );
}

/**
 * 首页 for leaders and bureau staff: totals with 同比/环比, trend by month, breakdowns and rates.
 * Every figure opens the list of the petitions behind it (same period and scope, same count).
 */
export function Dashboard({ extra }: { extra?: (period: { from: string; to: string }) => ReactNode } = {}) {
  const navigate = useNavigate();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('year'), dayjs()]);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const report = useReport(from, to);
  const months = useMemo(
    () =>
      Array.from({ length: 6 }, (_, i) => {
        const m = dayjs().subtract(5 - i, 'month');
        return {
          from: m.startOf('month').format('YYYY-MM-DD'),
          to: m.endOf('month').format('YYYY-MM-DD'),
          label: m.format('M月'),
        };
      }),
    [],
  );
  const monthly = useMonthlyTotals(months);
  const drill = (extra: Record<string, string> = {}) =>
    navigate(`/petitions?${new URLSearchParams({ from, to, ...extra }).toString()}`);

  const r: ReportView | undefined = report.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          首页
        </Typography.Title>
        <Space>
          <span id="period-label">统计期间</span>
          <DatePicker.RangePicker
            aria-labelledby="period-label"
            value={range}
            allowClear={false}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
          />
        </Space>
      </Space>
      {!r ? (
        report.isError ? (
          <Empty description={report.error.message} />
        ) : (
          <Skeleton active paragraph={{ rows: 8 }} />
        )
      ) : (
        <>
          <Row gutter={12}>
            <FigureCard
              title="信访总量（批次）"
              value={r.total.batches}
              highlight
              onOpen={() => drill()}
              testId="total-card"
              note={`${r.total.persons} 人次 · 同比${change(r.yoy.total.batches)} · 环比${change(r.mom.total.batches)}`}
            />
            <FigureCard
              title="集体访（批次）"
              value={r.collective.batches}
              onOpen={() => drill({ flags: 'collective' })}
              note={`${r.collective.persons} 人次`}
            />
            <FigureCard
              title="已办结"
              value={r.concluded}
              onOpen={() => drill({ state: 'concluded,final' })}
              note={`正在办理 ${r.inProgress} 件`}
            />
            <Col span={6}>
              <Card size="small" style={{ height: '100%' }}>
                <Space wrap size={[16, 4]}>
                  {RATES.slice(0, 4).map((rate) => {
                    const d = r.rateDetails[rate.key];
                    return (
                      <Tooltip
                        key={rate.key}
                        title={`${rate.label} = ${rate.formula} = ${d?.numerator ?? 0} ÷ ${d?.denominator ?? 0}`}
                      >
                        <Button type="text" size="small" style={{ padding: 0 }}>
                          <Typography.Text type="secondary">{rate.label}</Typography.Text>{' '}
                          <strong>{pct(d?.value ?? null)}</strong>
                        </Button>
                      </Tooltip>
                    );
                  })}
                </Space>
              </Card>
            </Col>
          </Row>
          <Row gutter={[12, 12]}>
            <ChartCard
              title="近六个月登记量（批次）"
              label="近六个月登记量"
              bars={months.map((m, i) => ({ name: m.label, value: monthly[i].data?.total.batches ?? 0 }))}
              onPick={(i) =>
                navigate(
                  `/petitions?${new URLSearchParams({ from: months[i].from, to: months[i].to }).toString()}`,
                )
              }
            />
            <ChartCard
              title="信访形式（批次）"
              label="信访形式分布"
              bars={Object.entries(r.byChannel).map(([c, v]) => ({
                name: CHANNEL_LABELS[c as Channel],
                value: v.batches,
              }))}
              onPick={(i) => drill({ channel: Object.keys(r.byChannel)[i] })}
            />
            <ChartCard
              title="信访目的（批次）"
              label="信访目的分布"
              bars={r.byPurpose.map((p) => ({
                name: PURPOSE_LABELS[p.name as Purpose] ?? p.name,
                value: p.batches,
              }))}
              onPick={(i) => drill({ purpose: r.byPurpose[i].name })}
            />
            <ChartCard
              title="问题属地（批次，前十）"
              label="问题属地分布"
              bars={top10(r.byRegion)}
              horizontal
            />
            <ChartCard
              title="内容分类（一级，批次）"
              label="内容分类分布"
              bars={top10(r.byCategory.filter((c) => c.level === 1))}
              horizontal
            />
            <ChartCard
              title="责任单位（批次，前十）"
              label="责任单位分布"
              bars={top10(r.byUnit)}
              horizontal
            />
          </Row>
          {extra?.({ from, to })}
        </>
      )}
    </Space>
  );
}
