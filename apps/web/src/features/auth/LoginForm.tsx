import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { login, ME_KEY } from './session.ts';

/** One message for a wrong password, an unknown user, a wrong code and a locked account: none tells which. */
const LOGIN_FAILED =
  '用户名或密码错误（或动态验证码错误）；连续多次失败后账号将被暂时锁定，请稍后再试或联系管理员';

type Credentials = { username: string; password: string };

export function LoginForm({ expired }: { expired?: boolean }) {
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** The second step: the password was right, the account asks for its authenticator's code. */
  const [pending, setPending] = useState<Credentials | null>(null);
  const submit = async (credentials: Credentials, code?: string) => {
    setBusy(true);
    setError(null);
    try {
      await login(credentials.username, credentials.password, code);
      setPending(null);
      await client.invalidateQueries({ queryKey: ME_KEY });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'SECOND_FACTOR_REQUIRED') setPending(credentials);
      else if (
        e instanceof ApiError &&
        ['UNAUTHENTICATED', 'ACCOUNT_LOCKED', 'VALIDATION_FAILED'].includes(e.code)
      )
        setError(LOGIN_FAILED);
      else setError(e instanceof Error ? e.message : '登录失败，请重试');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card style={{ width: 380 }}>
      <Typography.Title level={3} style={{ textAlign: 'center', marginTop: 0 }}>
        信访事项管理平台
      </Typography.Title>
      {expired && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="长时间未操作，已自动退出。重新登录后可继续未保存的登记。"
        />
      )}
      {error && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={error} role="alert" />}
      {pending ? (
        <Form
          key="code"
          layout="vertical"
          requiredMark={false}
          onFinish={(v: { code: string }) => submit(pending, v.code.trim())}
        >
          <Typography.Paragraph type="secondary">
            请打开手机上的验证器应用，输入“xinfang: {pending.username}”当前显示的6位数字。
          </Typography.Paragraph>
          <Form.Item
            label="动态验证码"
            name="code"
            rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: '请输入6位数字动态验证码' }]}
          >
            <Input
              prefix={<SafetyOutlined />}
              autoComplete="one-time-code"
              inputMode="numeric"
              maxLength={6}
              autoFocus
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            验证
          </Button>
          <Button type="link" block onClick={() => setPending(null)}>
            返回重新输入密码
          </Button>
        </Form>
      ) : (
        <Form key="password" layout="vertical" onFinish={(v: Credentials) => submit(v)} requiredMark={false}>
          <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            登录
          </Button>
        </Form>
      )}
    </Card>
  );
}
