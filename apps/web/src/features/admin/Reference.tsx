import { type CategoryNode, type Unit, UNIT_KIND_LABELS, type UnitKind } from '@xinfang/contract';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Select, Space, Table } from 'antd';
import { Tag } from '../../components/Tag.tsx';
import { api } from '../../api/client.ts';
import { PinyinSelect } from '../../components/PinyinSelect.tsx';
import { useRegions } from '../reference/useReference.ts';

/** Units with kind, region and upper-level organ; adding one. */
export function Units({ units }: { units: Unit[] }) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const regions = useRegions();
  const [form] = Form.useForm<{ name: string; kind: UnitKind; regionCode: string; parentId?: string }>();
  const regionName = new Map((regions.data ?? []).map((r) => [r.code, r.name]));
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const add = async (v: { name: string; kind: UnitKind; regionCode: string; parentId?: string }) => {
    try {
      await api('/units', { body: v });
      form.resetFields();
      message.success(`已新增 ${v.name}`);
      void client.invalidateQueries({ queryKey: ['units'] });
    } catch (e) {
      message.error(e instanceof Error ? e.message : '新增失败');
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Form form={form} layout="inline" onFinish={(v) => void add(v)}>
        <Form.Item name="name" label="单位名称" rules={[{ required: true, message: '请填写单位名称' }]}>
          <Input style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
          <Select
            style={{ width: 130 }}
            options={Object.entries(UNIT_KIND_LABELS).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item name="regionCode" label="属地" rules={[{ required: true, message: '请选择属地' }]}>
          <PinyinSelect
            style={{ width: 160 }}
            options={(regions.data ?? []).map((r) => ({ value: r.code, label: r.name }))}
          />
        </Form.Item>
        <Form.Item name="parentId" label="上级机关">
          <PinyinSelect style={{ width: 180 }} options={units.map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          新增单位
        </Button>
      </Form>
      <Table<Unit>
        size="small"
        rowKey="id"
        dataSource={units}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: '单位名称', dataIndex: 'name' },
          { title: '类型', dataIndex: 'kind', render: (k: UnitKind) => UNIT_KIND_LABELS[k] },
          { title: '属地', dataIndex: 'regionCode', render: (c: string) => regionName.get(c) ?? c },
          {
            title: '上级机关',
            dataIndex: 'parentId',
            render: (p: string | null) => (p ? unitName.get(p) : ''),
          },
          {
            title: '状态',
            dataIndex: 'active',
            render: (a: boolean) => (a ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>),
          },
        ]}
      />
    </Space>
  );
}

/** The two-level category tree; adding a category under a parent or at the top. */
export function Categories({ categories }: { categories: CategoryNode[] }) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ name: string; parentId?: string }>();
  const add = async (v: { name: string; parentId?: string }) => {
    try {
      await api('/categories', { body: v });
      form.resetFields();
      message.success(`已新增 ${v.name}`);
      void client.invalidateQueries({ queryKey: ['categories'] });
    } catch (e) {
      message.error(e instanceof Error ? e.message : '新增失败');
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Form form={form} layout="inline" onFinish={(v) => void add(v)}>
        <Form.Item name="name" label="分类名称" rules={[{ required: true, message: '请填写分类名称' }]}>
          <Input style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="parentId" label="上级分类">
          <PinyinSelect
            style={{ width: 200 }}
            placeholder="不选则为一级分类"
            options={categories.map((c) => ({ value: c.id, label: c.name }))}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          新增分类
        </Button>
      </Form>
      <Table<CategoryNode>
        size="small"
        rowKey="id"
        dataSource={categories}
        pagination={false}
        expandable={{ childrenColumnName: 'none' }}
        columns={[
          { title: '一级分类', dataIndex: 'name', width: 200 },
          {
            title: '二级分类',
            dataIndex: 'children',
            render: (children: CategoryNode['children']) =>
              children.map((c) => <Tag key={c.id}>{c.name}</Tag>),
          },
        ]}
      />
    </Space>
  );
}
