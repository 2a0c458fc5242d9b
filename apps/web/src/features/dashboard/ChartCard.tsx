import { Card, Col } from 'antd';
import { EChart } from '../../components/EChart.tsx';

function barOption(names: string[], values: number[], horizontal: boolean) {
  const category = {
    type: 'category',
    data: names,
    axisLabel: { interval: 0, width: 90, overflow: 'truncate' },
  };
  const value = { type: 'value', minInterval: 1 };
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: horizontal ? 110 : 40, right: 20, top: 20, bottom: horizontal ? 20 : 40 },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? { ...category, inverse: true } : value,
    series: [
      {
        type: 'bar',
        data: values,
        itemStyle: { color: '#1d39c4' },
        label: { show: true, position: horizontal ? 'right' : 'top' },
      },
    ],
  };
}

export type ChartBar = { name: string; value: number };

/**
 * One dashboard breakdown: a half-width card with a bar chart (horizontal for long names);
 * clicking a bar opens the list behind it when `onPick` is given.
 */
export function ChartCard({
  title,
  label,
  bars,
  horizontal = false,
  onPick,
}: {
  title: string;
  label: string;
  bars: ChartBar[];
  horizontal?: boolean;
  onPick?: (index: number) => void;
}) {
  return (
    <Col span={12}>
      <Card size="small" title={title}>
        <EChart
          label={label}
          option={barOption(
            bars.map((b) => b.name),
            bars.map((b) => b.value),
            horizontal,
          )}
          onClick={onPick && ((e) => onPick(e.dataIndex))}
        />
      </Card>
    </Col>
  );
}
