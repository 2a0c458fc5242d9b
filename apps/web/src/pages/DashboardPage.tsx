import { Col, Row } from 'antd';
import { Dashboard } from '../features/dashboard/Dashboard.tsx';
import { DeadlinesByUnit } from '../features/dashboard/DeadlinesByUnit.tsx';
import { RegionDrill } from '../features/dashboard/RegionDrill.tsx';

export default function DashboardPage() {
  return (
    <Dashboard
      extra={({ from, to }) => (
        <Row gutter={12}>
          <Col span={12}>
            <DeadlinesByUnit />
          </Col>
          <Col span={12}>
            <RegionDrill from={from} to={to} />
          </Col>
        </Row>
      )}
    />
  );
}
