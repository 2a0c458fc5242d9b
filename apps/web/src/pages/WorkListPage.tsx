import { QUEUE_LABELS, Queue } from '@xinfang/contract';
import { Result, Typography } from 'antd';
import { useParams, useSearchParams } from 'react-router';
import { useMe } from '../features/auth/session.ts';
import { filterFromSearch, filterToSearch } from '../features/lists/filters.ts';
import { PetitionTable } from '../features/lists/PetitionTable.tsx';

export default function WorkListPage() {
  const me = useMe().data;
  const params = useParams();
  const [search, setSearch] = useSearchParams();
  const queue = Queue.safeParse(params.queue);
  if (!me) return null;
  if (!queue.success) return <Result status="404" title="没有这个待办队列" />;
  const filter = { ...filterFromSearch(search), queue: queue.data };
  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        我的待办 · {QUEUE_LABELS[queue.data]}
      </Typography.Title>
      <PetitionTable
        key={queue.data}
        userId={me.id}
        filter={filter}
        onFilterChange={(f) => setSearch(filterToSearch(f))}
        bulkTriage={queue.data === 'triage' && me.roles.includes('caseworker')}
      />
    </>
  );
}
