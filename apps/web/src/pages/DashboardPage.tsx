import { Dashboard } from '../features/dashboard/Dashboard.tsx';

export default function DashboardPage() {
  return <Dashboard />;
}
