import { Tabs, Typography } from 'antd';
import { Categories, Units } from '../features/admin/Reference.tsx';
import { Calendar, Policy, Templates } from '../features/admin/Settings.tsx';
import { Users } from '../features/admin/Users.tsx';
import { useCategories, useUnits } from '../features/reference/useReference.ts';

export default function AdminPage() {
  const units = useUnits();
  const categories = useCategories();
  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        系统管理
      </Typography.Title>
      <Tabs
        items={[
          { key: 'users', label: '用户与角色', children: <Users units={units.data ?? []} /> },
          { key: 'units', label: '单位', children: <Units units={units.data ?? []} /> },
          {
            key: 'categories',
            label: '内容分类',
            children: <Categories categories={categories.data ?? []} />,
          },
          { key: 'calendar', label: '工作日历', children: <Calendar /> },
          { key: 'templates', label: '文书模板', children: <Templates /> },
          { key: 'policy', label: '时限规则', children: <Policy /> },
        ]}
      />
    </>
  );
}
