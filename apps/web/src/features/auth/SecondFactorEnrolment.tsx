import type { SecondFactorSetup } from '@xinfang/contract';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, QRCode, Space, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { beginSecondFactorSetup, confirmSecondFactor, ME_KEY } from './session.ts';

/** The key in groups of four, as it is typed into an authenticator app by hand. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

/**
 * 绑定手机验证器 (TOTP): required of admins, and of staff where the bureau's policy says so, before anything else.
 * The server generates the key; the QR code (or the key typed by hand) goes into the app; its first code confirms.
 */
export function SecondFactorEnrolment({ onCancel }: { onCancel: () => void }) {
  const client = useQueryClient();
  const [setup, setSetup] = useState<SecondFactorSetup | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '操作失败，请重试');
    } finally {
      setBusy(false);
    }
  };
  const start = () => run(async () => setSetup(await beginSecondFactorSetup()));
  const confirm = (values: { code: string }) =>
    run(async () => {
      await confirmSecondFactor(values.code.trim());
      await client.invalidateQueries({ queryKey: ME_KEY });
    });
  return (
    <Card style={{ width: 460 }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        绑定手机验证器（动态验证码）
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        按等级保护要求，本账号登录时除密码外还须输入手机验证器（如“微信小程序·腾讯身份验证器”、Google
        Authenticator、Microsoft Authenticator）生成的6位动态验证码。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={error} role="alert" />}
      {!setup ? (
        <Space>
          <Button type="primary" onClick={start} loading={busy}>
            生成绑定二维码
          </Button>
          <Button onClick={onCancel}>退出登录</Button>
        </Space>
      ) : (
        <>
          <Space align="start" size="large" style={{ marginBottom: 16 }}>
            <QRCode value={setup.uri} size={160} bordered={false} />
            <div>
              <Typography.Paragraph style={{ marginBottom: 4 }}>
                1. 用验证器扫描二维码；无法扫描时手工输入密钥：
              </Typography.Paragraph>
              <Typography.Text code copyable={{ text: setup.secret }} data-testid="second-factor-key">
                {grouped(setup.secret)}
              </Typography.Text>
              <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>
                2. 输入验证器当前显示的6位数字，完成绑定。
              </Typography.Paragraph>
            </div>
          </Space>
          <Form layout="vertical" requiredMark={false} onFinish={confirm}>
            <Form.Item
              label="动态验证码"
              name="code"
              rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: '请输入6位数字动态验证码' }]}
            >
              <Input autoComplete="one-time-code" inputMode="numeric" maxLength={6} autoFocus />
            </Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" loading={busy}>
                确认绑定
              </Button>
              <Button onClick={onCancel}>退出登录</Button>
            </Space>
          </Form>
        </>
      )}
    </Card>
  );
}
