import {
  type PasswordReset,
  ROLE_LABELS,
  type Role,
  type Unit,
  type User,
  type UserLock,
} from '@xinfang/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Checkbox,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Typography,
} from 'antd';
import { Tag } from '../../components/Tag.tsx';
import { useState } from 'react';
import { ApiError, api } from '../../api/client.ts';
import { PinyinSelect } from '../../components/PinyinSelect.tsx';

type NewUser = {
  username: string;
  displayName: string;
  unitId: string;
  roles: Role[];
  canViewPersonalData?: boolean;
};

/** Locks set by an admin last until the end of time (9999); automatic lockouts last minutes. */
const isLocked = (u: User) => Boolean(u.lockedUntil && new Date(u.lockedUntil) > new Date());
const isAdminLock = (u: User) => Boolean(u.lockedUntil && new Date(u.lockedUntil).getFullYear() >= 9999);

/** The one-time password, shown once in a dialog with a copy button. */
function OneTimePassword({ password }: { password?: string }) {
  return (
    <p>
      一次性密码：
      <Typography.Text copyable strong data-testid="one-time-password">
        {password}
      </Typography.Text>
      <br />
      仅显示这一次，请当面交给本人；首次登录须修改密码。
    </p>
  );
}

/** Users and roles: create and reset password (one-time password shown once), lock or unlock, roles. */
export function Users({ units }: { units: Unit[] }) {
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const users = useQuery({ queryKey: ['users'], queryFn: () => api<User[]>('/users') });
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const unitName = new Map(units.map((u) => [u.id, u.name]));

  const create = async () => {
    const values = (await form.validateFields()) as NewUser;
    try {
      const r = await api<{ username: string; oneTimePassword?: string }>('/users', { body: values });
      setOpen(false);
      form.resetFields();
      void client.invalidateQueries({ queryKey: ['users'] });
      modal.success({
        title: `已创建用户 ${r.username}`,
        content: <OneTimePassword password={r.oneTimePassword} />,
      });
    } catch (e) {
      if (e instanceof ApiError && e.fields.length > 0)
        form.setFields(e.fields.map((f) => ({ name: f.field.replace(/^body\./, ''), errors: [f.message] })));
      message.error(e instanceof Error ? e.message : '创建失败');
    }
  };
  const setActive = async (u: User, active: boolean) => {
    try {
      await api(`/users/${u.id}`, { method: 'PATCH', body: { active } });
      message.success(active ? `已启用 ${u.displayName}` : `已停用 ${u.displayName}`);
      void client.invalidateQueries({ queryKey: ['users'] });
    } catch (e) {
      message.error(e instanceof Error ? e.message : '操作失败');
    }
  };

  const resetPassword = async (u: User) => {
    try {
      const r = await api<PasswordReset>(`/users/${u.id}/reset-password`, { method: 'POST' });
      void client.invalidateQueries({ queryKey: ['users'] });
      modal.success({
        title: `已重置 ${u.displayName} 的密码`,
        content: <OneTimePassword password={r.oneTimePassword} />,
      });
    } catch (e) {
      message.error(e instanceof Error ? e.message : '重置失败');
    }
  };
  const setLocked = async (u: User, locked: boolean) => {
    try {
      await api<UserLock>(`/users/${u.id}/${locked ? 'lock' : 'unlock'}`, { method: 'POST' });
      message.success(locked ? `已锁定 ${u.displayName}` : `已解锁 ${u.displayName}`);
      void client.invalidateQueries({ queryKey: ['users'] });
    } catch (e) {
      message.error(e instanceof Error ? e.message : '操作失败');
    }
  };
  const resetSecondFactor = (u: User) =>
    modal.confirm({
      title: `重置 ${u.displayName} 的动态验证码？`,
      content: '用于手机丢失或更换：其所有登录会话将结束，下次登录时须重新绑定手机验证器。此操作记入审计。',
      okText: '重置',
      cancelText: '取消',
      onOk: async () => {
        try {
          await api(`/users/${u.id}/second-factor/reset`, { method: 'POST' });
          message.success(`已重置 ${u.displayName} 的动态验证码`);
          void client.invalidateQueries({ queryKey: ['users'] });
        } catch (e) {
          message.error(e instanceof Error ? e.message : '操作失败');
        }
      },
    });

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Button type="primary" onClick={() => setOpen(true)}>
        新增用户
      </Button>
      <Table<User>
        size="small"
        rowKey="id"
        loading={users.isPending}
        dataSource={users.data ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: '用户名', dataIndex: 'username', width: 120 },
          { title: '姓名', dataIndex: 'displayName', width: 100 },
          { title: '单位', dataIndex: 'unitId', render: (v: string) => unitName.get(v) ?? '' },
          {
            title: '角色',
            dataIndex: 'roles',
            render: (roles: Role[]) => roles.map((r) => <Tag key={r}>{ROLE_LABELS[r]}</Tag>),
          },
          {
            title: '状态',
            width: 220,
            render: (_, u) => (
              <Space>
                {u.mustChangePassword && <Tag color="gold">待改密码</Tag>}
                {isLocked(u) && (
                  <Tag color="red">
                    {isAdminLock(u)
                      ? '已锁定'
                      : `登录失败锁定至${new Date(u.lockedUntil ?? '').toLocaleTimeString('zh-CN')}`}
                  </Tag>
                )}
              </Space>
            ),
          },
          {
            title: '启用',
            dataIndex: 'active',
            width: 80,
            render: (active: boolean, u) => (
              <Switch
                checked={active}
                aria-label={`${u.displayName} 启用`}
                onChange={(v) => void setActive(u, v)}
              />
            ),
          },
          {
            title: '操作',
            width: 300,
            render: (_, u) => (
              <Space size={4}>
                <Popconfirm
                  title={`重置 ${u.displayName} 的密码？`}
                  description="将生成一次性密码，其已登录的会话全部退出。"
                  okText="重置"
                  cancelText="取消"
                  onConfirm={() => resetPassword(u)}
                >
                  <Button size="small">重置密码</Button>
                </Popconfirm>
                {/* One popconfirm for both: swapping two would unmount the open one mid-animation and leave its ghost. */}
                <Popconfirm
                  title={isLocked(u) ? `解锁 ${u.displayName}？` : `锁定 ${u.displayName}？`}
                  description={
                    isLocked(u) ? undefined : '锁定后不能登录，直到管理员解锁；其已登录的会话全部退出。'
                  }
                  okText={isLocked(u) ? '解锁' : '锁定'}
                  okButtonProps={{ danger: !isLocked(u) }}
                  cancelText="取消"
                  onConfirm={() => setLocked(u, !isLocked(u))}
                >
                  <Button size="small">{isLocked(u) ? '解锁' : '锁定'}</Button>
                </Popconfirm>
                {u.secondFactorEnabled && (
                  <Button size="small" onClick={() => resetSecondFactor(u)}>
                    重置动态验证码
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={open}
        title="新增用户"
        okText="创建"
        cancelText="取消"
        onOk={() => void create()}
        onCancel={() => setOpen(false)}
      >
        <Form form={form} layout="vertical" initialValues={{ roles: ['registrar'] }}>
          <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请填写用户名' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="displayName" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="unitId" label="所属单位" rules={[{ required: true, message: '请选择单位' }]}>
            <PinyinSelect options={units.map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
          <Form.Item name="roles" label="角色" rules={[{ required: true, message: '至少选择一个角色' }]}>
            <Select
              mode="multiple"
              options={Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="canViewPersonalData" valuePropName="checked">
            <Checkbox>可查看个人信息明文（记入审计）</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
