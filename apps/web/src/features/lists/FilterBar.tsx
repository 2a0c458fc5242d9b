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
import { useEffect } from 'react';
import { PinyinSelect } from '../../components/PinyinSelect.tsx';
import { useCategoryOptions, useRegionOptions, useUnitOptions } from '../reference/useReference.ts';
import { FLAG_LABELS, type Flag, type ListFilter } from './filters.ts';

type FormValues = Omit<ListFilter, 'from' | 'to'> & { range?: [Dayjs, Dayjs] | null };

/**
 * One filter chosen from a label table (状态, 形式, 目的, 标记): single or several values, cleared
 * to "全部". Form.Item passes `value` and `onChange` through.
 */
function LabelSelect<K extends string>({
  labels,
  multiple,
  width,
  placeholder = '全部',
  ...field
}: {
  labels: Record<K, string>;
  multiple?: boolean;
  width: number;
  placeholder?: string;
  value?: K | K[];
  onChange?: (v: K | K[]) => void;
}) {
  const options = (Object.entries(labels) as Array<[K, string]>).map(([value, label]) => ({ value, label }));
  return (
    <Select<K | K[]>
      {...field}
      mode={multiple ? 'multiple' : undefined}
      maxTagCount={multiple ? 1 : undefined}
      allowClear
      style={{ width }}
      options={options}
      placeholder={placeholder}
    />
  );
}

/** The list's filters: state, channel, purpose, category, region, unit, dates, flags and words. */
export function FilterBar({ value, onChange }: { value: ListFilter; onChange: (f: ListFilter) => void }) {
  const [form] = Form.useForm<FormValues>();
  useEffect(() => {
    form.setFieldsValue({
      ...value,
      range: value.from && value.to ? [dayjs(value.from), dayjs(value.to)] : null,
    });
  }, [form, value]);
  // The reference pickers (searchable by Chinese and pinyin initials), in the order they show.
  const pickers = [
    { name: 'categoryId', label: '分类', options: useCategoryOptions(), width: 170 },
    { name: 'region', label: '属地', options: useRegionOptions(), width: 140 },
    { name: 'unitId', label: '责任单位', options: useUnitOptions(), width: 170 },
  ] as const;
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
        <LabelSelect<PetitionState> labels={STATE_LABELS} multiple width={170} />
      </Form.Item>
      <Form.Item name="channel" label="形式">
        <LabelSelect<Channel> labels={CHANNEL_LABELS} width={110} />
      </Form.Item>
      <Form.Item name="purpose" label="目的">
        <LabelSelect<Purpose> labels={PURPOSE_LABELS} width={110} />
      </Form.Item>
      {pickers.map((p) => (
        <Form.Item key={p.name} name={p.name} label={p.label}>
          <PinyinSelect options={p.options} style={{ width: p.width }} placeholder="全部" />
        </Form.Item>
      ))}
      <Form.Item name="range" label="登记日期">
        <DatePicker.RangePicker style={{ width: 230 }} />
      </Form.Item>
      <Form.Item name="flags" label="标记">
        <LabelSelect<Flag> labels={FLAG_LABELS} multiple width={130} placeholder="不限" />
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
