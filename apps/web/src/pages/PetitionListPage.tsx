import { Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { useMe } from '../features/auth/session.ts';
import { filterFromSearch, filterToSearch } from '../features/lists/filters.ts';
import { PetitionTable } from '../features/lists/PetitionTable.tsx';

export default function PetitionListPage() {
  const me = useMe().data;
  const [search, setSearch] = useSearchParams();
  if (!me) return null;
  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        信访事项查询
      </Typography.Title>
      <PetitionTable
        userId={me.id}
        filter={filterFromSearch(search)}
        onFilterChange={(f) => setSearch(filterToSearch(f))}
      />
    </>
  );
}
