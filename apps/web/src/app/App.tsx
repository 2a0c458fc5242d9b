import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect, useState } from 'react';
import { BrowserRouter, Link, Navigate, Route, Routes } from 'react-router';
import { ApiError, setUnauthenticatedHandler } from '../api/client.ts';
import { LoginForm } from '../features/auth/LoginForm.tsx';
import { PasswordChangeForm } from '../features/auth/PasswordChangeForm.tsx';
import { SecondFactorEnrolment } from '../features/auth/SecondFactorEnrolment.tsx';
import { ME_KEY, useLogout, useMe } from '../features/auth/session.ts';
import { useIdleTimeout } from '../features/auth/useIdleTimeout.ts';
import { prefersReducedMotion } from '../components/reducedMotion.ts';
import { AppLayout } from './AppLayout.tsx';
import { homeFor, mayOpen, ROUTES } from './routes.tsx';

dayjs.locale('zh-cn');

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (count, error) => !(error instanceof ApiError) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

function CenterScreen({ children }: { children: React.ReactNode }) {
  return (
    <main
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: '#f0f2f5',
      }}
    >
      {children}
    </main>
  );
}

function Gate() {
  const me = useMe();
  const client = useQueryClient();
  const logout = useLogout();
  const [expired, setExpired] = useState(false);
  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setExpired(true);
      client.setQueryData(ME_KEY, null);
    });
  }, [client]);
  // Idle for the server's 30 minutes: back to login; the registration draft stays for this user.
  useIdleTimeout(Boolean(me.data), 30 * 60_000, () => {
    setExpired(true);
    void logout('idle');
  });

  if (me.isPending)
    return (
      <CenterScreen>
        <Spin size="large" tip="正在加载…">
          <div style={{ width: 120, height: 60 }} />
        </Spin>
      </CenterScreen>
    );
  if (!me.data)
    return (
      <CenterScreen>
        <LoginForm expired={expired} />
      </CenterScreen>
    );
  if (me.data.mustChangePassword)
    return (
      <CenterScreen>
        <PasswordChangeForm onCancel={() => void logout()} />
      </CenterScreen>
    );
  if (me.data.mustEnrolSecondFactor)
    return (
      <CenterScreen>
        <SecondFactorEnrolment onCancel={() => void logout()} />
      </CenterScreen>
    );
  const user = me.data;
  return (
    <AppLayout me={user}>
      <Routes>
        <Route path="/" element={<Navigate to={homeFor(user.roles)} replace />} />
        {ROUTES.map((r) => (
          <Route
            key={r.path}
            path={r.path}
            element={
              mayOpen(r, user.roles) ? (
                <r.component />
              ) : (
                <Result status="403" title="无权访问" subTitle="您的角色不能打开此页面。" />
              )
            }
          />
        ))}
        <Route
          path="*"
          element={
            <Result status="404" title="页面不存在" extra={<Link to={homeFor(user.roles)}>返回首页</Link>} />
          }
        />
      </Routes>
    </AppLayout>
  );
}

export function App() {
  return (
    <ConfigProvider
      locale={zhCN}
      theme={{
        token: {
          colorPrimary: '#1d39c4',
          colorLink: '#1d39c4',
          borderRadius: 4,
          fontSize: 14,
          // WCAG AA contrast (4.5:1) for secondary text and placeholders on white.
          colorTextSecondary: '#595959',
          colorTextTertiary: '#595959',
          colorTextDescription: '#595959',
          colorTextPlaceholder: '#6e6e6e',
          motion: !prefersReducedMotion(),
        },
      }}
      componentSize="middle"
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <Gate />
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
