import {
  CHANNEL_LABELS,
  type Channel,
  type PetitionState,
  PURPOSE_LABELS,
  type Purpose,
  STATE_LABELS,
} from '@xinfang/contract';
import { Button, DatePicker, Form, Input, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo } from 'react';
import { PinyinSelect } from '../../components/PinyinSelect.tsx';
import { useCategories, useRegions, useUnits } from '../reference/useReference.ts';
import { FLAG_LABELS, type Flag, type ListFilter } from './filters.ts';

type FormValues = Omit<ListFilter, 'from' | 'to'> & { range?: [Dayjs, Dayjs] | null };

const options = <K extends string>(labels: Record<K, string>) =>
  (Object.entries(labels) as Array<[K, string]>).map(([value, label]) => ({ value, label }));

/** The list's filters: state, channel, purpose, category, region, unit, dates, flags and words. */
export function FilterBar({ value, onChange }: { value: ListFilter; onChange: (f: ListFilter) => void }) {
  const [form] = Form.useForm<FormValues>();
  const units = useUnits();
  const categories = useCategories();
  const regions = useRegions();
  useEffect(() => {
    form.setFieldsValue({
      ...value,
      range: value.from && value.to ? [dayjs(value.from), dayjs(value.to)] : null,
    });
  }, [form, value]);
  const unitOptions = useMemo(
    () => (units.data ?? []).map((u) => ({ value: u.id, label: u.name })),
    [units.data],
  );
  const categoryOptions = useMemo(
    () =>
      (categories.data ?? []).flatMap((c) => [
        { value: c.id, label: c.name },
        ...c.children.map((k) => ({ value: k.id, label: `${c.name}/${k.name}` })),
      ]),
    [categories.data],
  );
  const regionOptions = useMemo(
    () => (regions.data ?? []).filter((r) => r.level >= 3).map((r) => ({ value: r.code, label: r.name })),
    [regions.data],
  );
  const submit = (v: FormValues) => {
    const { range, ...rest } = v;
    onChange({
      ...value,
      ...rest,
      q: rest.q?.trim() || undefined,
      from: range ? range[0].format('YYYY-MM-DD') : undefined,
      to: range ? range[1].format('YYYY-MM-DD') : undefined,
    });
  };
  return (
    <Form form={form} layout="inline" onFinish={submit} style={{ rowGap: 8 }} aria-label="筛选条件">
      <Form.Item name="q" label="关键词">
        <Input placeholder="内容、编号或姓名" allowClear style={{ width: 180 }} />
      </Form.Item>
      <Form.Item name="state" label="状态">
        <Select<PetitionState[]>
          mode="multiple"
          allowClear
          maxTagCount={1}
          style={{ width: 170 }}
          options={options(STATE_LABELS)}
          placeholder="全部"
        />
      </Form.Item>
      <Form.Item name="channel" label="形式">
        <Select<Channel>
          allowClear
          style={{ width: 110 }}
          options={options(CHANNEL_LABELS)}
          placeholder="全部"
        />
      </Form.Item>
      <Form.Item name="purpose" label="目的">
        <Select<Purpose>
          allowClear
          style={{ width: 110 }}
          options={options(PURPOSE_LABELS)}
          placeholder="全部"
        />
      </Form.Item>
      <Form.Item name="categoryId" label="分类">
        <PinyinSelect options={categoryOptions} style={{ width: 170 }} placeholder="全部" />
      </Form.Item>
      <Form.Item name="region" label="属地">
        <PinyinSelect options={regionOptions} style={{ width: 140 }} placeholder="全部" />
      </Form.Item>
      <Form.Item name="unitId" label="责任单位">
        <PinyinSelect options={unitOptions} style={{ width: 190 }} placeholder="全部" />
      </Form.Item>
      <Form.Item name="range" label="登记日期">
        <DatePicker.RangePicker style={{ width: 240 }} />
      </Form.Item>
      <Form.Item name="flags" label="标记">
        <Select<Flag[]>
          mode="multiple"
          allowClear
          maxTagCount={1}
          style={{ width: 160 }}
          options={options(FLAG_LABELS)}
          placeholder="不限"
        />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit">
          查询
        </Button>
        <Button
          onClick={() => {
            form.resetFields();
            onChange({ queue: value.queue, sort: value.sort });
          }}
        >
          重置
        </Button>
      </Space>
    </Form>
  );
}
