import { useMe } from '../features/auth/session.ts';
import { Statistics } from '../features/statistics/Statistics.tsx';

export default function StatisticsPage() {
  const me = useMe().data;
  if (!me) return null;
  const mayImport = me.unitKind === 'bureau' && me.roles.some((r) => r === 'caseworker' || r === 'admin');
  return <Statistics mayImport={mayImport} />;
}
