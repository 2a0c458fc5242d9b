import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { login, ME_KEY } from './session.ts';

/** One message for a wrong password, an unknown user and a locked account: none tells which. */
const LOGIN_FAILED = '用户名或密码错误；连续多次失败后账号将被暂时锁定，请稍后再试或联系管理员';

export function LoginForm({ expired }: { expired?: boolean }) {
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onFinish = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await login(values.username, values.password);
      await client.invalidateQueries({ queryKey: ME_KEY });
    } catch (e) {
      if (
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
      <Form layout="vertical" onFinish={onFinish} requiredMark={false}>
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
    </Card>
  );
}
