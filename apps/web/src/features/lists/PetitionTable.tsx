import { DownloadOutlined, SettingOutlined } from '@ant-design/icons';
import { type CommandResult, type PetitionPage, type PetitionSummary, SORT_LABELS } from '@xinfang/contract';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Checkbox,
  Dropdown,
  Empty,
  Input,
  Modal,
  Popover,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { ApiError, api, download, qs } from '../../api/client.ts';
import { PinyinSelect } from '../../components/PinyinSelect.tsx';
import { useNames, useUnits } from '../reference/useReference.ts';
import { DEFAULT_COLUMNS, petitionColumns } from './columns.tsx';
import { DrillTags } from './DrillTags.tsx';
import { FilterBar } from './FilterBar.tsx';
import type { ListFilter, Sort } from './filters.ts';
import { QUEUE_COUNTS_KEY } from './useQueueCounts.ts';

type Cursor = { after?: string; before?: string };

function useStored<T>(key: string, initial: T): [T, (v: T) => void] {
  const [value, setValue] = useState<T>(() => {
    try {
      const raw = localStorage.getItem(key);
      return raw ? (JSON.parse(raw) as T) : initial;
    } catch {
      return initial;
    }
  });
  return [
    value,
    (v: T) => {
      setValue(v);
      localStorage.setItem(key, JSON.stringify(v));
    },
  ];
}

/**
 * A petition list: filters, keyset paging (next / previous, never page 1000 by offset), sorting,
 * saved filters, column settings, export of the list's period and bulk triage where allowed.
 */
export function PetitionTable({
  userId,
  filter,
  onFilterChange,
  bulkTriage,
}: {
  userId: string;
  filter: ListFilter;
  onFilterChange: (f: ListFilter) => void;
  bulkTriage?: boolean;
}) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const names = useNames();
  const units = useUnits();
  const [cursor, setCursor] = useState<Cursor>({});
  const [pageSize, setPageSize] = useStored<number>('xf-list-page-size', 50);
  const [visible, setVisible] = useStored<string[]>(`xf-columns:${userId}`, DEFAULT_COLUMNS);
  const [saved, setSaved] = useStored<Array<{ name: string; filter: ListFilter }>>(
    `xf-filters:${userId}`,
    [],
  );
  const [selected, setSelected] = useState<PetitionSummary[]>([]);
  const [triageOpen, setTriageOpen] = useState(false);
  const [triageUnit, setTriageUnit] = useState<string>();
  const [triageKind, setTriageKind] = useState<'assign' | 'forward'>('assign');
  const [busy, setBusy] = useState(false);
  const [filterName, setFilterName] = useState('');

  const params = {
    queue: filter.queue,
    state: filter.state,
    channel: filter.channel,
    purpose: filter.purpose,
    categoryId: filter.categoryId,
    region: filter.region,
    unitId: filter.unitId,
    from: filter.from,
    to: filter.to,
    flags: filter.flags,
    q: filter.q,
    deadline: filter.deadline,
    ownerUnitId: filter.ownerUnitId,
    sort: filter.sort,
    pageSize,
    after: cursor.after,
    before: cursor.before,
  };
  const list = useQuery({
    queryKey: ['petitions', params],
    queryFn: () => api<PetitionPage>(`/petitions${qs(params)}`),
    placeholderData: keepPreviousData,
  });

  // Columns and their cells keep their identity while the list's data changes, so the table renders
  // its rows once when a page arrives (not again for every state flip around it).
  const allColumns = useMemo(() => petitionColumns(names), [names]);
  const columns = useMemo(
    () => allColumns.filter((c) => visible.includes(String(c.key))),
    [allColumns, visible],
  );
  const change = (f: ListFilter) => {
    setCursor({});
    setSelected([]);
    onFilterChange(f);
  };

  const runTriage = async () => {
    if (!triageUnit) return;
    setBusy(true);
    let ok = 0;
    const failed: string[] = [];
    for (const p of selected) {
      try {
        await api<CommandResult>(`/petitions/${p.id}/triage`, {
          body: { version: p.version, kind: triageKind, unitId: triageUnit },
        });
        ok++;
      } catch (e) {
        failed.push(`${p.caseNo}：${e instanceof ApiError ? e.message : '失败'}`);
      }
    }
    setBusy(false);
    setTriageOpen(false);
    setSelected([]);
    void client.invalidateQueries({ queryKey: ['petitions'] });
    void client.invalidateQueries({ queryKey: QUEUE_COUNTS_KEY });
    if (failed.length === 0) message.success(`已分流 ${ok} 件`);
    else
      Modal.warning({
        title: `已分流 ${ok} 件，${failed.length} 件未能分流`,
        content: (
          <ul>
            {failed.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        ),
      });
  };

  const exportList = async () => {
    const from = filter.from ?? dayjs().startOf('year').format('YYYY-MM-DD');
    const to = filter.to ?? dayjs().format('YYYY-MM-DD');
    try {
      await download(`/ledger/export${qs({ from, to })}`);
    } catch (e) {
      message.error(e instanceof Error ? e.message : '导出失败');
    }
  };

  const data = list.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <FilterBar value={filter} onChange={change} />
      <DrillTags filter={filter} onChange={change} />
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space wrap>
          <Typography.Text data-testid="list-total">
            {data?.totalCapped ? '超过' : data?.totalEstimated ? '约' : '共'}{' '}
            <strong>{data?.total ?? 0}</strong> 件
          </Typography.Text>
          <Select<Sort>
            aria-label="排序"
            value={filter.sort ?? 'registered_desc'}
            style={{ width: 170 }}
            onChange={(sort) => change({ ...filter, sort })}
            options={Object.entries(SORT_LABELS).map(([value, label]) => ({ value: value as Sort, label }))}
            data-testid="list-sort"
          />
          <Dropdown
            menu={{
              items:
                saved.length === 0
                  ? [{ key: 'none', label: '暂无保存的筛选', disabled: true }]
                  : saved.map((s) => ({
                      key: s.name,
                      label: s.name,
                      onClick: () => change({ ...s.filter, queue: filter.queue }),
                    })),
            }}
          >
            <Button>常用筛选</Button>
          </Dropdown>
          <Popover
            trigger="click"
            title="保存当前筛选"
            content={
              <Space.Compact>
                <Input
                  aria-label="筛选名称"
                  placeholder="名称"
                  value={filterName}
                  onChange={(e) => setFilterName(e.target.value)}
                />
                <Button
                  type="primary"
                  disabled={!filterName.trim()}
                  onClick={() => {
                    setSaved([
                      ...saved.filter((s) => s.name !== filterName.trim()),
                      { name: filterName.trim(), filter },
                    ]);
                    setFilterName('');
                    message.success('已保存');
                  }}
                >
                  保存
                </Button>
              </Space.Compact>
            }
          >
            <Button>保存筛选</Button>
          </Popover>
        </Space>
        <Space wrap>
          {bulkTriage && (
            <Button type="primary" disabled={selected.length === 0} onClick={() => setTriageOpen(true)}>
              批量分流（{selected.length}）
            </Button>
          )}
          <Button icon={<DownloadOutlined />} onClick={() => void exportList()}>
            导出台账
          </Button>
          <Popover
            trigger="click"
            title="显示的列"
            content={
              <Checkbox.Group
                value={visible}
                onChange={(v) => setVisible(v as string[])}
                style={{ display: 'grid', gap: 4 }}
                options={allColumns.map((c) => ({
                  value: String(c.key),
                  label: String(c.title),
                  disabled: c.key === 'caseNo',
                }))}
              />
            }
          >
            <Button icon={<SettingOutlined />}>列设置</Button>
          </Popover>
        </Space>
      </Space>
      <Table<PetitionSummary>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={list.isFetching}
        pagination={false}
        rowSelection={
          bulkTriage
            ? {
                selectedRowKeys: selected.map((s) => s.id),
                onChange: (_, rows) => setSelected(rows),
                getCheckboxProps: (p) => ({
                  disabled: p.state !== 'registered',
                  'aria-label': `选择 ${p.caseNo}`,
                }),
              }
            : undefined
        }
        locale={{
          emptyText: list.isError ? (
            <Empty description={list.error instanceof Error ? list.error.message : '加载失败'} />
          ) : (
            <Empty description={list.isPending ? '正在加载…' : '没有符合条件的信访事项'} />
          ),
        }}
      />
      <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
        <Select<number>
          aria-label="每页件数"
          value={pageSize}
          style={{ width: 110 }}
          onChange={(v) => {
            setPageSize(v);
            setCursor({});
          }}
          options={[20, 50, 100, 200].map((n) => ({ value: n, label: `每页 ${n} 件` }))}
        />
        <Button onClick={() => setCursor({})} disabled={!data?.prevCursor}>
          首页
        </Button>
        <Button
          onClick={() => data?.prevCursor && setCursor({ before: data.prevCursor })}
          disabled={!data?.prevCursor}
        >
          上一页
        </Button>
        <Button
          onClick={() => data?.nextCursor && setCursor({ after: data.nextCursor })}
          disabled={!data?.nextCursor}
          data-testid="next-page"
        >
          下一页
        </Button>
      </Space>
      <Modal
        open={triageOpen}
        title={`批量分流 ${selected.length} 件`}
        okText="分流"
        cancelText="取消"
        confirmLoading={busy}
        okButtonProps={{ disabled: !triageUnit }}
        onOk={() => void runTriage()}
        onCancel={() => setTriageOpen(false)}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Select<'assign' | 'forward'>
            aria-label="分流方式"
            value={triageKind}
            onChange={setTriageKind}
            style={{ width: '100%' }}
            options={[
              { value: 'assign', label: '交办' },
              { value: 'forward', label: '转送' },
            ]}
          />
          <PinyinSelect
            aria-label="责任单位"
            placeholder="责任单位（可输入拼音首字母）"
            value={triageUnit}
            onChange={setTriageUnit}
            style={{ width: '100%' }}
            options={(units.data ?? [])
              .filter((u) => u.kind !== 'bureau')
              .map((u) => ({ value: u.id, label: u.name }))}
          />
        </Space>
      </Modal>
    </Space>
  );
}
