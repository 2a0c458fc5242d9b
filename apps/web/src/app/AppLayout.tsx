import { DownOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { type Me, QUEUE_LABELS, queuesFor, ROLE_LABELS } from '@xinfang/contract';
import { Badge, Button, Dropdown, Layout, Menu, type MenuProps, Space, Spin, Typography } from 'antd';

type MenuItem = NonNullable<MenuProps['items']>[number];
import { type ReactNode, Suspense, useMemo } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useLogout } from '../features/auth/session.ts';
import { useQueueCounts } from '../features/lists/useQueueCounts.ts';
import { mayOpen, QUEUE_ICON, ROUTES } from './routes.tsx';

const { Header, Sider, Content } = Layout;

export function AppLayout({ me, children }: { me: Me; children: ReactNode }) {
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();
  const queues = queuesFor(me.roles);
  const counts = useQueueCounts(queues.length > 0);

  const items = useMemo(() => {
    const visible = ROUTES.filter((r) => r.menu && mayOpen(r, me.roles));
    const menu: MenuItem[] = visible.map((r) => ({
      key: r.path,
      icon: r.icon,
      label: <Link to={r.path}>{r.title}</Link>,
    }));
    if (queues.length > 0) {
      const queueItems: MenuItem = {
        key: 'work',
        icon: QUEUE_ICON,
        label: '我的待办',
        children: queues.map((q) => ({
          key: `/work/${q}`,
          label: (
            <Link to={`/work/${q}`} style={{ display: 'flex', justifyContent: 'space-between' }}>
              <span>{QUEUE_LABELS[q]}</span>
              <Badge
                count={counts.data?.[q] ?? 0}
                showZero
                overflowCount={9999}
                color={q === 'overdue' ? '#cf1322' : q === 'near_due' ? '#ad6800' : '#1d39c4'}
                aria-label={`${QUEUE_LABELS[q]} ${counts.data?.[q] ?? 0} 件`}
              />
            </Link>
          ),
        })),
      };
      const at = menu.findIndex((m) => m?.key === '/register');
      menu.splice(at >= 0 ? at + 1 : 0, 0, queueItems);
    }
    return menu;
  }, [me.roles, queues, counts.data]);

  const selected = location.pathname.startsWith('/work/')
    ? location.pathname
    : (ROUTES.filter((r) => r.menu && location.pathname.startsWith(r.path)).sort(
        (a, b) => b.path.length - a.path.length,
      )[0]?.path ?? '');

  const onLogout = async (everywhere: boolean) => {
    try {
      await logout(everywhere ? 'everywhere' : 'user');
    } finally {
      navigate('/', { replace: true });
    }
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider width={200} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
        <div style={{ padding: '16px 20px', fontWeight: 600, fontSize: 16 }}>
          <Link to="/" style={{ color: '#1f1f1f' }}>
            信访工作台
          </Link>
        </div>
        <nav aria-label="主菜单">
          <Menu
            mode="inline"
            selectedKeys={[selected]}
            defaultOpenKeys={['work']}
            items={items}
            style={{ borderInlineEnd: 'none' }}
          />
        </nav>
      </Sider>
      <Layout>
        <Header
          style={{
            background: '#fff',
            padding: '0 20px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            borderBottom: '1px solid #f0f0f0',
            height: 52,
            lineHeight: '52px',
          }}
        >
          <Typography.Text strong>信访事项管理平台</Typography.Text>
          <Dropdown
            menu={{
              items: [
                {
                  key: 'out',
                  icon: <LogoutOutlined />,
                  label: '退出登录',
                  onClick: () => void onLogout(false),
                },
                {
                  key: 'all',
                  icon: <LogoutOutlined />,
                  label: '退出所有设备',
                  onClick: () => void onLogout(true),
                },
              ],
            }}
          >
            <Button type="text" data-testid="user-menu">
              <Space>
                <UserOutlined />
                <span>{me.displayName}</span>
                <Typography.Text type="secondary">
                  {me.unitName}
                  {me.regionName ? ` · ${me.regionName}` : ''} ·{' '}
                  {me.roles.map((r) => ROLE_LABELS[r]).join('、')}
                </Typography.Text>
                <DownOutlined />
              </Space>
            </Button>
          </Dropdown>
        </Header>
        <Content style={{ padding: 16 }}>
          <main>
            <Suspense
              fallback={<Spin tip="正在加载…" size="large" style={{ display: 'block', marginTop: 80 }} />}
            >
              {children}
            </Suspense>
          </main>
        </Content>
      </Layout>
    </Layout>
  );
}
