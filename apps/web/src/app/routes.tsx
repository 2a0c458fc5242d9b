import {
  AuditOutlined,
  BarChartOutlined,
  DashboardOutlined,
  FormOutlined,
  InboxOutlined,
  SearchOutlined,
  SettingOutlined,
} from '@ant-design/icons';
import { queuesFor, type Role } from '@xinfang/contract';
import { type ComponentType, lazy, type ReactNode } from 'react';

/**
 * The one route table: it drives the router, the menu, the page titles and the role check.
 * Screens load on demand (one chunk per page), so the login page stays small.
 */
export type AppRoute = {
  path: string;
  title: string;
  /** Roles that may open the page; absent → every signed-in user. */
  roles?: readonly Role[];
  /** Shown in the side menu (with this icon). */
  icon?: ReactNode;
  menu?: boolean;
  component: ComponentType;
};

const WORKING: readonly Role[] = ['registrar', 'caseworker', 'handler', 'leader', 'supervisor'];

export const ROUTES: AppRoute[] = [
  {
    path: '/dashboard',
    title: '首页',
    icon: <DashboardOutlined />,
    menu: true,
    roles: ['caseworker', 'registrar', 'leader', 'supervisor'],
    component: lazy(() => import('../pages/DashboardPage.tsx')),
  },
  {
    path: '/register',
    title: '信访登记',
    icon: <FormOutlined />,
    menu: true,
    roles: ['registrar', 'caseworker'],
    component: lazy(() => import('../pages/RegisterPage.tsx')),
  },
  {
    path: '/work/:queue',
    title: '我的待办',
    icon: <InboxOutlined />,
    roles: WORKING,
    component: lazy(() => import('../pages/WorkListPage.tsx')),
  },
  {
    path: '/petitions',
    title: '信访事项查询',
    icon: <SearchOutlined />,
    menu: true,
    roles: WORKING,
    component: lazy(() => import('../pages/PetitionListPage.tsx')),
  },
  {
    path: '/petitions/:id',
    title: '信访事项',
    roles: WORKING,
    component: lazy(() => import('../pages/CasePage.tsx')),
  },
  {
    path: '/statistics',
    title: '统计与台账',
    icon: <BarChartOutlined />,
    menu: true,
    roles: ['caseworker', 'leader', 'supervisor', 'admin'],
    component: lazy(() => import('../pages/StatisticsPage.tsx')),
  },
  {
    path: '/admin',
    title: '系统管理',
    icon: <SettingOutlined />,
    menu: true,
    roles: ['admin'],
    component: lazy(() => import('../pages/AdminPage.tsx')),
  },
];

export const QUEUE_ICON = <AuditOutlined />;

export const mayOpen = (route: Pick<AppRoute, 'roles'>, roles: readonly Role[]): boolean =>
  !route.roles || route.roles.some((r) => roles.includes(r));

/** Where a user lands after login. */
export function homeFor(roles: readonly Role[]): string {
  if (roles.some((r) => r === 'leader' || r === 'supervisor')) return '/dashboard';
  const queues = queuesFor(roles);
  if (queues.length > 0) return `/work/${queues[0]}`;
  if (roles.includes('admin')) return '/admin';
  return '/petitions';
}
