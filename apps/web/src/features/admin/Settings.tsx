import {
  type CalendarYear,
  NOTICE_LABELS,
  PLACEHOLDER_LABELS,
  type NoticeKind,
  type NoticeTemplateView,
  type PolicySummary,
} from '@xinfang/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Menu,
  Row,
  Select,
  Skeleton,
  Space,
  Switch,
  Table,
  Typography,
} from 'antd';
import { Tag } from '../../components/Tag.tsx';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api } from '../../api/client.ts';

type PolicyForm = {
  collectiveThreshold: number;
  nearDueDays: number;
  acceptanceDays: number;
  handlingDays: number;
  dailyClearance: boolean;
  forwardTargetDays: number | null;
  dayMode: 'calendar' | 'working';
  staffSecondFactor: boolean;
};

/**
 * The bureau's own policy: limits within the 条例 (shortened only), its internal targets (the only
 * periods it may count in working days), the collective threshold and near-due days.
 */
export function Policy() {
  const { message } = App.useApp();
  const client = useQueryClient();
  const policy = useQuery({ queryKey: ['policy'], queryFn: () => api<PolicySummary>('/settings/policy') });
  if (!policy.data) return <Typography.Text type="secondary">正在加载…</Typography.Text>;
  const { effective, bureau, inheritsFrom } = policy.data;
  const save = async (v: PolicyForm) => {
    try {
      await api('/settings/policy', {
        method: 'PATCH',
        body: {
          collectiveThreshold: v.collectiveThreshold,
          staffSecondFactor: v.staffSecondFactor,
          limits: {
            nearDueDays: v.nearDueDays,
            acceptanceDays: v.acceptanceDays,
            handlingDays: v.handlingDays,
          },
          internal: {
            dailyClearance: v.dailyClearance,
            forwardTargetDays: v.forwardTargetDays,
            dayMode: v.dayMode,
          },
        },
      });
      message.success('已保存，在办件期限已按新规则重算');
      void client.invalidateQueries({ queryKey: ['policy'] });
    } catch (e) {
      message.error(e instanceof Error ? e.message : '保存失败');
    }
  };
  return (
    <Form<PolicyForm>
      layout="vertical"
      style={{ maxWidth: 480 }}
      initialValues={{
        collectiveThreshold: effective.collectiveThreshold,
        nearDueDays: effective.limits.nearDueDays,
        acceptanceDays: effective.limits.acceptanceDays,
        handlingDays: effective.limits.handlingDays,
        dailyClearance: effective.internal.dailyClearance,
        forwardTargetDays: effective.internal.forwardTargetDays,
        dayMode: effective.internal.dayMode,
        staffSecondFactor: effective.staffSecondFactor,
      }}
      onFinish={(v) => void save(v)}
    >
      <Typography.Paragraph type="secondary">
        {bureau ? `${bureau.name}的规则` : '本单位规则'}
        {inheritsFrom.length > 0 ? `，未设置的项目继承${inheritsFrom.map((b) => b.name).join('、')}` : ''}。
        法定期限只能缩短、不能延长，均按自然日计算（期满日遇休息日顺延）。
      </Typography.Paragraph>
      <Form.Item name="acceptanceDays" label="书面告知受理期限（日，《信访工作条例》第二十三条，不超过15日）">
        <InputNumber min={1} max={15} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="handlingDays" label="办理答复期限（日，第三十四条，不超过60日）">
        <InputNumber min={1} max={60} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="dailyClearance" label="日清日结（初信初访当日转送）" valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item name="forwardTargetDays" label="内部转送目标（天数，留空为不设）">
        <InputNumber min={0} max={15} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="dayMode" label="内部转送目标计算方式">
        <Select
          options={[
            { value: 'working', label: '工作日' },
            { value: 'calendar', label: '自然日' },
          ]}
        />
      </Form.Item>
      <Form.Item name="collectiveThreshold" label="集体访人数（达到即为集体访）">
        <InputNumber min={2} max={1000} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="nearDueDays" label="临期提醒（到期前天数）">
        <InputNumber min={0} max={30} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item
        name="staffSecondFactor"
        label="工作人员登录须输入动态验证码（管理员始终须输入；等级保护三级）"
        valuePropName="checked"
      >
        <Switch />
      </Form.Item>
      <Button type="primary" htmlType="submit">
        保存
      </Button>
    </Form>
  );
}

/** Notice templates with a preview of the paragraphs and their placeholders. */
export function Templates() {
  const templates = useQuery({
    queryKey: ['templates'],
    queryFn: () => api<NoticeTemplateView[]>('/templates'),
  });
  const [kind, setKind] = useState<string | null>(null);
  const current = (templates.data ?? []).find((t) => t.kind === kind) ?? templates.data?.[0];
  return (
    <Row gutter={12}>
      <Col span={6}>
        {templates.isPending ? (
          <Skeleton active paragraph={{ rows: 8 }} />
        ) : (
          <nav aria-label="文书模板">
            <Menu
              mode="inline"
              selectedKeys={current ? [current.kind] : []}
              onClick={({ key }) => setKind(key)}
              style={{ border: '1px solid #f0f0f0', borderRadius: 4 }}
              items={(templates.data ?? []).map((t) => ({
                key: t.kind,
                label: `${NOTICE_LABELS[t.kind as NoticeKind] ?? t.template.title}${t.edited ? '（已修改）' : ''}`,
              }))}
            />
          </nav>
        )}
      </Col>
      <Col span={18}>
        {current && (
          <Card size="small" title={`预览：${current.template.title}`}>
            <div
              style={{ maxWidth: 640, margin: '0 auto', fontFamily: 'serif' }}
              data-testid="template-preview"
            >
              <Typography.Title level={4} style={{ textAlign: 'center' }}>
                {current.template.title}
              </Typography.Title>
              {current.template.paragraphs.map((p) => (
                <Typography.Paragraph key={p} style={{ textIndent: '2em' }}>
                  {p.split(/(\{\{\s*[a-zA-Z]+\s*\}\})/).map((part, i) =>
                    /^\{\{\s*[a-zA-Z]+\s*\}\}$/.test(part) ? (
                      // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed paragraph never reorder
                      <Tag key={`${part}-${i}`} color="blue" style={{ textIndent: 0 }} title={part}>
                        {PLACEHOLDER_LABELS[part.replace(/[{}\s]/g, '')] ?? part}
                      </Tag>
                    ) : (
                      part
                    ),
                  )}
                </Typography.Paragraph>
              ))}
            </div>
          </Card>
        )}
      </Col>
    </Row>
  );
}

/** The work calendar of a year: holidays, make-up workdays and the admins' overrides. */
export function Calendar() {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [year, setYear] = useState(dayjs().year());
  const cal = useQuery({
    queryKey: ['calendar', year],
    queryFn: () => api<CalendarYear>(`/calendar/${year}`),
  });
  const [date, setDate] = useState<Dayjs | null>(null);
  const [kind, setKind] = useState<'workday' | 'holiday'>('holiday');
  const [name, setName] = useState('');
  const special = (cal.data?.days ?? []).filter((d) => d.reason !== 'weekday' && d.reason !== 'weekend');
  const override = async () => {
    if (!date) return;
    try {
      await api(`/calendar/overrides/${date.format('YYYY-MM-DD')}`, {
        method: 'PUT',
        body: { kind, name: name || undefined },
      });
      message.success('已调整，在办件期限已重算');
      void client.invalidateQueries({ queryKey: ['calendar'] });
    } catch (e) {
      message.error(e instanceof Error ? e.message : '调整失败');
    }
  };
  const REASONS: Record<string, string> = {
    holiday: '法定节假日',
    makeup_workday: '调休上班',
    override_workday: '调整为工作日',
    override_holiday: '调整为休息日',
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          aria-label="年份"
          value={year}
          onChange={setYear}
          style={{ width: 110 }}
          options={[-1, 0, 1].map((d) => ({ value: dayjs().year() + d, label: `${dayjs().year() + d}年` }))}
        />
        {cal.data &&
          (cal.data.hasData ? (
            <Tag color="green">已有该年节假日安排</Tag>
          ) : (
            <Tag color="red">缺少该年节假日安排，期限按普通周末计算，请导入</Tag>
          ))}
      </Space>
      <Space wrap>
        <DatePicker aria-label="调整日期" value={date} onChange={setDate} />
        <Select
          aria-label="调整为"
          value={kind}
          onChange={setKind}
          style={{ width: 120 }}
          options={[
            { value: 'holiday', label: '休息日' },
            { value: 'workday', label: '工作日' },
          ]}
        />
        <Input
          aria-label="名称"
          placeholder="名称（可选）"
          value={name}
          onChange={(e) => setName(e.target.value)}
          style={{ width: 160 }}
        />
        <Button type="primary" disabled={!date} onClick={() => void override()}>
          调整
        </Button>
      </Space>
      <Table
        size="small"
        rowKey="date"
        loading={cal.isPending}
        dataSource={special}
        pagination={{ pageSize: 15 }}
        columns={[
          { title: '日期', dataIndex: 'date', width: 120 },
          { title: '类型', dataIndex: 'reason', render: (r: string) => REASONS[r] ?? r },
          { title: '名称', dataIndex: 'name' },
        ]}
      />
    </Space>
  );
}
