import {
  COMMAND_LABELS,
  type CommandName,
  NOTICE_LABELS,
  type NoticeKind,
  type PetitionerView,
} from '@xinfang/contract';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  List,
  Result,
  Row,
  Skeleton,
  Space,
  Table,
  Tooltip,
  Typography,
} from 'antd';
import { localDay } from '../components/dates.ts';
import { Tag } from '../components/Tag.tsx';
import { useState } from 'react';
import { useParams } from 'react-router';
import { ApiError } from '../api/client.ts';
import { CaseFacts } from '../features/case/CaseFacts.tsx';
import { CommandForm } from '../features/case/CommandForm.tsx';
import { FilePreview, type PreviewFile, previewKind } from '../features/case/FilePreview.tsx';
import { Timeline } from '../features/case/Timeline.tsx';
import {
  caseKey,
  revealPetitioners,
  useAttachments,
  useDeadline,
  usePetition,
} from '../features/case/useCase.ts';
import { DeadlineText } from '../features/lists/DeadlineText.tsx';
import { QUEUE_COUNTS_KEY } from '../features/lists/useQueueCounts.ts';

export default function CasePage() {
  const { id = '' } = useParams();
  const client = useQueryClient();
  const { message } = App.useApp();
  const petition = usePetition(id);
  const deadline = useDeadline(id, petition.isSuccess);
  const attachments = useAttachments(id, petition.isSuccess);
  const [command, setCommand] = useState<CommandName | null>(null);
  const [stale, setStale] = useState(false);
  const [plain, setPlain] = useState<PetitionerView[] | null>(null);
  const [preview, setPreview] = useState<PreviewFile | null>(null);

  if (petition.isPending) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (petition.isError) {
    const notFound = petition.error instanceof ApiError && petition.error.status === 404;
    return (
      <Result
        status={notFound ? '404' : 'error'}
        title={notFound ? '该信访事项不存在或无权访问' : '加载失败'}
        subTitle={notFound ? '请确认链接是否正确，或联系信访部门。' : petition.error.message}
      />
    );
  }
  const p = petition.data;
  const reload = async () => {
    setStale(false);
    await client.invalidateQueries({ queryKey: caseKey(id) });
  };
  const reveal = async () => {
    try {
      setPlain(await revealPetitioners(id));
      message.info('已显示个人信息，本次查看已记入审计日志');
    } catch (e) {
      message.error(e instanceof Error ? e.message : '无法显示');
    }
  };
  const people = plain ?? p.petitioners;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      {stale && (
        <Alert
          type="warning"
          showIcon
          data-testid="conflict-notice"
          title="已被他人修改"
          description="这件信访事项在您打开后已被他人办理。请重新加载查看最新状态；您在表单中填写的内容不会丢失。"
          action={
            <Button onClick={() => void reload()} data-testid="reload">
              重新加载
            </Button>
          }
        />
      )}
      <Card size="small">
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="case-no">
              {p.caseNo}
            </Typography.Title>
            <Tag color="blue" data-testid="case-state">
              {p.stateLabel}
            </Tag>
            <DeadlineText deadline={p.deadline} />
            {p.isCollective && <Tag color="volcano">集体访（{p.persons}人）</Tag>}
            {p.isRepeat && <Tag color="purple">重复信访</Tag>}
            {p.confidential && <Tag color="magenta">保密</Tag>}
          </Space>
          <Space wrap data-testid="actions">
            {p.allowedCommands.length === 0 ? (
              <Typography.Text type="secondary">当前没有您可办理的操作</Typography.Text>
            ) : (
              (p.allowedCommands as CommandName[]).map((c, i) => (
                <Button
                  key={c}
                  type={i === 0 ? 'primary' : 'default'}
                  disabled={petition.isFetching}
                  onClick={() => setCommand(c)}
                >
                  {COMMAND_LABELS[c] ?? c}
                </Button>
              ))
            )}
          </Space>
        </Space>
      </Card>
      <Row gutter={12}>
        <Col span={16}>
          <Space direction="vertical" style={{ width: '100%' }} size={12}>
            <CaseFacts petition={p} />
            <Card
              size="small"
              title="信访人"
              extra={
                !plain && p.petitioners.some((x) => x.idNumber || x.phone) ? (
                  <Tooltip title="查看完整身份证号码和电话，本次查看记入审计日志">
                    <Button size="small" onClick={() => void reveal()} data-testid="reveal">
                      显示
                    </Button>
                  </Tooltip>
                ) : null
              }
            >
              <Table<PetitionerView>
                size="small"
                rowKey={(_, i) => String(i)}
                pagination={false}
                dataSource={people}
                columns={[
                  { title: '姓名', dataIndex: 'name' },
                  { title: '身份证号码', dataIndex: 'idNumber' },
                  { title: '联系电话', dataIndex: 'phone' },
                  { title: '住址', dataIndex: 'address' },
                ]}
              />
            </Card>
            <Card size="small" title="办理过程">
              <Timeline events={p.timeline} />
            </Card>
          </Space>
        </Col>
        <Col span={8}>
          <Space direction="vertical" style={{ width: '100%' }} size={12}>
            <Card size="small" title="当前期限">
              {!p.deadline ? (
                <Typography.Text type="secondary">当前环节不计期限</Typography.Text>
              ) : (
                <>
                  <Typography.Paragraph>
                    期限 <strong>{p.deadline.dueOn ?? '未起算'}</strong>{' '}
                    <DeadlineText deadline={p.deadline} />
                  </Typography.Paragraph>
                  <ul style={{ paddingInlineStart: 18, margin: 0 }} data-testid="deadline-explanation">
                    {(deadline.data?.explanation ?? []).map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                </>
              )}
              {p.deadlineWarnings.map((w) => (
                <Alert
                  key={w.code + w.year}
                  type="warning"
                  showIcon
                  title={w.message}
                  style={{ marginTop: 8 }}
                />
              ))}
            </Card>
            <Card size="small" title="流转记录">
              {p.routes.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未转送或交办" />
              ) : (
                <List
                  size="small"
                  dataSource={p.routes}
                  renderItem={(r) => (
                    <List.Item>
                      <Space direction="vertical" size={0}>
                        <span>
                          {r.unitName} {r.active ? <Tag color="green">当前</Tag> : null}
                        </span>
                        <Typography.Text type="secondary">
                          {r.sentOn} 送达{r.signedOn ? ` · ${r.signedOn} 签收` : ''}
                          {r.returnedOn ? ` · ${r.returnedOn} 退回：${r.returnReason ?? ''}` : ''}
                        </Typography.Text>
                      </Space>
                    </List.Item>
                  )}
                />
              )}
            </Card>
            <Card size="small" title="文书">
              {p.documents.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无文书" />
              ) : (
                <List
                  size="small"
                  dataSource={p.documents}
                  renderItem={(d) => (
                    <List.Item
                      actions={[
                        <Button
                          key="preview"
                          size="small"
                          type="link"
                          aria-label={`预览${NOTICE_LABELS[d.kind as NoticeKind] ?? d.fileName}`}
                          onClick={() =>
                            setPreview({
                              title: NOTICE_LABELS[d.kind as NoticeKind] ?? d.fileName,
                              url: `/api/petitions/${p.id}/documents/${d.id}`,
                              kind: 'docx',
                            })
                          }
                        >
                          预览
                        </Button>,
                      ]}
                    >
                      <Space direction="vertical" size={0}>
                        <a href={`/api/petitions/${p.id}/documents/${d.id}`} download>
                          {NOTICE_LABELS[d.kind as NoticeKind] ?? d.fileName}
                        </a>
                        <Typography.Text type="secondary">
                          {localDay(d.createdAt)}
                          {d.delivery?.status === 'pending' ? ' · 待送达' : ''}
                          {d.delivery?.status === 'delivered'
                            ? ` · ${d.delivery.deliveredOn ?? ''} 已送达`
                            : ''}
                        </Typography.Text>
                      </Space>
                    </List.Item>
                  )}
                />
              )}
            </Card>
            <Card size="small" title="附件">
              {(attachments.data ?? []).length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无附件" />
              ) : (
                <Space wrap>
                  {(attachments.data ?? []).map((a) => {
                    const url = `/api/petitions/${p.id}/attachments/${a.id}`;
                    const kind = previewKind(a.contentType);
                    return kind === 'image' ? (
                      <button
                        key={a.id}
                        type="button"
                        style={{
                          padding: 2,
                          border: '1px solid #d9d9d9',
                          borderRadius: 4,
                          background: '#fff',
                          cursor: 'zoom-in',
                        }}
                        aria-label={`预览${a.fileName}`}
                        onClick={() => setPreview({ title: a.fileName, url: `${url}?inline=true`, kind })}
                      >
                        <img width={96} src={`${url}?inline=true`} alt={a.fileName} />
                      </button>
                    ) : kind ? (
                      <Button
                        key={a.id}
                        size="small"
                        onClick={() =>
                          setPreview({
                            title: a.fileName,
                            url: kind === 'pdf' ? `${url}?inline=true` : url,
                            kind,
                          })
                        }
                      >
                        预览 <span data-latin-ok>{a.fileName}</span>
                      </Button>
                    ) : (
                      <a key={a.id} href={url} download>
                        {a.fileName}
                      </a>
                    );
                  })}
                </Space>
              )}
            </Card>
          </Space>
        </Col>
      </Row>
      <FilePreview file={preview} onClose={() => setPreview(null)} />
      {command && (
        <CommandForm
          petition={p}
          command={command}
          reloading={petition.isFetching}
          open={Boolean(command)}
          onClose={() => setCommand(null)}
          onConflict={() => setStale(true)}
          onReload={() => void reload()}
          onDone={() => {
            setCommand(null);
            message.success(`已${COMMAND_LABELS[command]}`);
            void client.invalidateQueries({ queryKey: caseKey(p.id) });
            void client.invalidateQueries({ queryKey: QUEUE_COUNTS_KEY });
            void client.invalidateQueries({ queryKey: ['petitions'] });
          }}
        />
      )}
    </Space>
  );
}
