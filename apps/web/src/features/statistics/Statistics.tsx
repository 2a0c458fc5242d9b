import { InboxOutlined } from '@ant-design/icons';
import type { LedgerImportProgress, LedgerImportResult } from '@xinfang/contract';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Progress,
  Row,
  Space,
  Table,
  Typography,
  Upload,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { ApiError, download, qs, uploadWithEvents } from '../../api/client.ts';

type ImportStage = LedgerImportProgress | { phase: 'upload'; done: number; total: number };

const STAGE_TEXT: Record<ImportStage['phase'], string> = {
  upload: '第1步 上传文件',
  validate: '第2步 逐行校验',
  import: '第3步 写入台账',
};

/** The import's progress as the server reports it: 校验 in rows of the file, 写入 in set-based steps. */
function ImportProgressBar({ stage }: { stage: ImportStage }) {
  const percent = stage.total > 0 ? Math.floor((stage.done / stage.total) * 100) : 100;
  return (
    <div data-testid="import-progress" style={{ marginTop: 8 }}>
      <Progress percent={percent} status="active" aria-label={`${STAGE_TEXT[stage.phase]}进度`} />
      <Typography.Text type="secondary">
        {STAGE_TEXT[stage.phase]}：
        {stage.phase === 'upload'
          ? `已上传 ${stage.done}%`
          : stage.phase === 'import'
            ? `第 ${stage.done} / ${stage.total} 步${stage.step ? `（${stage.step}）` : ''}`
            : `${stage.done} / ${stage.total} 行`}
      </Typography.Text>
    </div>
  );
}

async function narrative(from: string, to: string): Promise<string> {
  const res = await fetch(`/api/statistics/report${qs({ from, to, format: 'text' })}`, {
    credentials: 'same-origin',
  });
  if (!res.ok) throw new Error('统计段落生成失败');
  return res.text();
}

/** Period picker, the narrative previewed, report and ledger downloads, ledger import. */
export function Statistics({ mayImport }: { mayImport: boolean }) {
  const { message } = App.useApp();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('year'), dayjs()]);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const text = useQuery({ queryKey: ['narrative', from, to], queryFn: () => narrative(from, to) });
  /** Where the import is: the upload's bytes, then the server's validation and write passes. */
  const [progress, setProgress] = useState<ImportStage | null>(null);
  const [result, setResult] = useState<LedgerImportResult | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);

  const get = async (path: string) => {
    try {
      await download(path);
    } catch (e) {
      message.error(e instanceof Error ? e.message : '下载失败');
    }
  };

  const importFile = async (file: File) => {
    setProgress({ phase: 'upload', done: 0, total: 100 });
    setResult(null);
    const form = new FormData();
    form.append('file', file, file.name);
    try {
      const r = await uploadWithEvents<LedgerImportResult, LedgerImportProgress>(
        `/ledger/import${qs({ skipInvalid: String(skipInvalid) })}`,
        form,
        (percent) => setProgress({ phase: 'upload', done: percent, total: 100 }),
        (p) => setProgress(p),
      );
      setResult(r);
      if (r.committed) message.success(`已导入 ${r.imported} 件，更新 ${r.updated} 件`);
      else message.warning('台账有错误，未导入：请按下表改正后重新导入，或勾选“跳过有错误的行”');
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '导入失败');
    } finally {
      setProgress(null);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          统计与台账
        </Typography.Title>
        <Space>
          <span id="stat-period">统计期间</span>
          <DatePicker.RangePicker
            aria-labelledby="stat-period"
            value={range}
            allowClear={false}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
          />
        </Space>
      </Space>
      <Row gutter={12}>
        <Col span={14}>
          <Card
            size="small"
            title="统计情况（工作总结段落预览）"
            extra={
              <Space>
                <Button onClick={() => void get(`/statistics/report${qs({ from, to, format: 'docx' })}`)}>
                  下载 Word
                </Button>
                <Button onClick={() => void get(`/statistics/report${qs({ from, to, format: 'xlsx' })}`)}>
                  下载 Excel
                </Button>
              </Space>
            }
          >
            {text.isPending ? (
              <Typography.Text type="secondary">正在生成…</Typography.Text>
            ) : text.isError ? (
              <Alert type="error" title={text.error.message} />
            ) : (
              <div data-testid="narrative">
                {text.data.split('\n').map((p) => (
                  <Typography.Paragraph key={p} style={{ textIndent: '2em' }}>
                    {p}
                  </Typography.Paragraph>
                ))}
              </div>
            )}
          </Card>
        </Col>
        <Col span={10}>
          <Space direction="vertical" style={{ width: '100%' }} size={12}>
            <Card size="small" title="导出台账">
              <Typography.Paragraph type="secondary">
                导出 {from} 至 {to} 登记、您有权查看的全部信访事项，列与导入格式相同。
              </Typography.Paragraph>
              <Button type="primary" onClick={() => void get(`/ledger/export${qs({ from, to })}`)}>
                导出台账 .xlsx
              </Button>
            </Card>
            {mayImport && (
              <Card size="small" title="导入台账">
                <Checkbox checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)}>
                  跳过有错误的行（不勾选时，有任何错误则全部不导入）
                </Checkbox>
                <Upload.Dragger
                  accept=".csv,.xlsx"
                  showUploadList={false}
                  disabled={progress !== null}
                  beforeUpload={(file) => {
                    void importFile(file);
                    return false;
                  }}
                  style={{ marginTop: 8 }}
                >
                  <p className="ant-upload-drag-icon">
                    <InboxOutlined />
                  </p>
                  <p>点击或拖入台账文件（.csv 或 .xlsx）</p>
                </Upload.Dragger>
                {progress !== null && <ImportProgressBar stage={progress} />}
              </Card>
            )}
          </Space>
        </Col>
      </Row>
      {result && (
        <Card
          size="small"
          title={`导入结果：共 ${result.total} 行，导入 ${result.imported}，更新 ${result.updated}，有误 ${result.rejected.length}`}
        >
          {result.rejected.length > 0 && (
            <Table
              size="small"
              rowKey="line"
              dataSource={result.rejected}
              pagination={{ pageSize: 20 }}
              columns={[
                { title: '行号', dataIndex: 'line', width: 80 },
                { title: '错误原因', dataIndex: 'errors', render: (e: string[]) => e.join('；') },
              ]}
            />
          )}
        </Card>
      )}
    </Space>
  );
}
