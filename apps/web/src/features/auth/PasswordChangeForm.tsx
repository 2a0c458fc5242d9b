import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../../api/client.ts';
import { ME_KEY } from './session.ts';

/** The one-time password is replaced before anything else can be done. */
export function PasswordChangeForm({ onCancel }: { onCancel: () => void }) {
  const client = useQueryClient();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onFinish = async (values: { currentPassword: string; newPassword: string }) => {
    setBusy(true);
    setError(null);
    try {
      await api('/auth/password', { body: values });
      await client.invalidateQueries({ queryKey: ME_KEY });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '修改失败，请重试');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card style={{ width: 420 }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        首次登录，请修改密码
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        一次性密码只能使用一次。新密码至少 10 位，包含大小写字母、数字和符号中的三类。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={error} role="alert" />}
      <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
        <Form.Item
          label="当前密码（一次性密码）"
          name="currentPassword"
          rules={[{ required: true, message: '请输入当前密码' }]}
        >
          <Input.Password autoComplete="current-password" autoFocus />
        </Form.Item>
        <Form.Item label="新密码" name="newPassword" rules={[{ required: true, message: '请输入新密码' }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label="确认新密码"
          name="confirm"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || value === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error('两次输入的新密码不一致')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          修改密码并进入系统
        </Button>
        <Button type="link" block onClick={onCancel} style={{ marginTop: 8 }}>
          退出
        </Button>
      </Form>
    </Card>
  );
}
