import { DeleteOutlined, InboxOutlined, PlusOutlined } from '@ant-design/icons';
import {
  CHANNEL_LABELS,
  type Channel,
  isCollective,
  isVisit,
  PURPOSE_LABELS,
  type Purpose,
  type RegisterPetition,
  RegisterPetitionSchema,
  type RegisterResult,
} from '@xinfang/contract';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Image,
  Input,
  InputNumber,
  Row,
  Select,
  Skeleton,
  Space,
  Typography,
  Upload,
} from 'antd';
import { Tag } from '../../components/Tag.tsx';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, api } from '../../api/client.ts';
import { PinyinSelect } from '../../components/PinyinSelect.tsx';
import { useDraft } from '../drafts/useDraft.ts';
import { QUEUE_COUNTS_KEY } from '../lists/useQueueCounts.ts';
import { useCategoryOptions, useRegionOptions, useRegions } from '../reference/useReference.ts';
import { EarlierPetitions } from './EarlierPetitions.tsx';
import { idNumberHint } from './idNumberHint.ts';
import { Receipt, type ReceiptData } from './Receipt.tsx';
import { useEnterToNext } from './useEnterToNext.ts';
import { usePolicy } from './usePolicy.ts';

type PetitionerValues = { name?: string; idNumber?: string; phone?: string; address?: string };
type Values = {
  channel: Channel;
  purpose: Purpose;
  registeredOn?: Dayjs;
  regionCode?: string;
  categoryId?: string;
  persons?: number;
  petitioners: PetitionerValues[];
  title?: string;
  content?: string;
  leaderName?: string;
  isSkipLevel?: boolean;
  confidential?: boolean;
};

const DRAFT = 'registration';
const EMPTY: Values = {
  channel: 'visit',
  purpose: 'solution',
  persons: 1,
  petitioners: [{}],
  isSkipLevel: false,
  confidential: false,
};

const blank = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);

/** The form's values as the contract's registration body. */
function toBody(values: Values): Record<string, unknown> {
  return {
    channel: values.channel,
    purpose: values.purpose,
    registeredOn: values.registeredOn ? values.registeredOn.format('YYYY-MM-DD') : undefined,
    regionCode: values.regionCode ?? '',
    categoryId: values.categoryId,
    persons: values.persons,
    petitioners: (values.petitioners ?? []).map((p) => ({
      name: p.name ?? '',
      idNumber: blank(p.idNumber),
      phone: blank(p.phone),
      address: blank(p.address),
    })),
    title: blank(values.title),
    content: values.content ?? '',
    leaderName: isVisit(values.channel) ? blank(values.leaderName) : undefined,
    isSkipLevel: Boolean(values.isSkipLevel),
    confidential: values.purpose === 'report' ? Boolean(values.confidential) : undefined,
  };
}

/** "petitioners.0.idNumber" → ['petitioners', 0, 'idNumber'] (antd's name path). */
const namePath = (path: ReadonlyArray<PropertyKey> | string): Array<string | number> =>
  (typeof path === 'string' ? path.split('.') : path.map(String)).map((p) =>
    /^\d+$/.test(String(p)) ? Number(p) : String(p),
  );

type LocalFile = { uid: string; file: File; url: string };

export function RegistrationForm({ unitName, registrar }: { unitName: string; registrar: string }) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const client = useQueryClient();
  const regions = useRegions();
  const policy = usePolicy();
  const enterToNext = useEnterToNext();
  const [saving, setSaving] = useState(false);
  const [receipt, setReceipt] = useState<ReceiptData | null>(null);
  const [lastSaved, setLastSaved] = useState<ReceiptData | null>(null);
  const [files, setFiles] = useState<LocalFile[]>([]);
  const [restored, setRestored] = useState<number | null>(null);
  const idempotencyKey = useRef(crypto.randomUUID());
  const values = Form.useWatch([], form) as Values | undefined;

  const regionOptions = useRegionOptions();
  const regionName = useMemo(() => {
    const names = new Map((regions.data ?? []).map((r) => [r.code, r.name]));
    return (code: string) => names.get(code);
  }, [regions.data]);
  const categoryOptions = useCategoryOptions();

  // A draft of this user (kept on the server) survives a reload or an idle timeout.
  type DraftValues = Omit<Values, 'registeredOn'> & { registeredOn?: string };
  const drafts = useDraft<DraftValues>(DRAFT);
  const loaded = drafts.draft;
  const restoredOnce = useRef(false);
  useEffect(() => {
    if (loaded === undefined || restoredOnce.current) return;
    restoredOnce.current = true;
    if (loaded) {
      form.setFieldsValue({
        ...loaded.payload,
        registeredOn: loaded.payload.registeredOn ? dayjs(loaded.payload.registeredOn) : dayjs(),
      });
      setRestored(Date.parse(loaded.updatedAt));
    } else form.setFieldsValue({ ...EMPTY, registeredOn: dayjs() });
  }, [form, loaded]);

  const onValuesChange = (_: unknown, all: Values) => {
    drafts.save({ ...all, registeredOn: all.registeredOn?.format('YYYY-MM-DD') });
  };

  const reset = useCallback(() => {
    form.resetFields();
    form.setFieldsValue({ ...EMPTY, registeredOn: dayjs() });
    void drafts.drop();
    setFiles([]);
    setRestored(null);
    idempotencyKey.current = crypto.randomUUID();
    window.setTimeout(() => document.getElementById('reg_channel')?.focus(), 0);
  }, [form, drafts.drop]);

  const save = useCallback(
    async (startNext: boolean) => {
      if (saving) return;
      const current = form.getFieldsValue(true) as Values;
      const body = toBody(current);
      const parsed = RegisterPetitionSchema.safeParse(body);
      form.setFields(
        form
          .getFieldsError()
          .filter((f) => f.errors.length > 0)
          .map((f) => ({ name: f.name, errors: [] })),
      );
      if (!parsed.success) {
        form.setFields(parsed.error.issues.map((i) => ({ name: namePath(i.path), errors: [i.message] })));
        message.error('请检查标红的字段');
        return;
      }
      setSaving(true);
      try {
        const result = await api<RegisterResult>('/petitions', {
          body: parsed.data satisfies RegisterPetition,
          headers: { 'idempotency-key': idempotencyKey.current },
        });
        for (const f of files) {
          const data = new FormData();
          data.append('file', f.file, f.file.name);
          await api(`/petitions/${result.id}/attachments`, { form: data });
        }
        const slip: ReceiptData = {
          ...result,
          channel: parsed.data.channel,
          registeredOn: parsed.data.registeredOn ?? dayjs().format('YYYY-MM-DD'),
          petitioners: parsed.data.petitioners.map((p) => p.name),
          unitName,
          registrar,
          content: parsed.data.content,
        };
        void client.invalidateQueries({ queryKey: QUEUE_COUNTS_KEY });
        void drafts.drop();
        message.success(`已登记，信访件编号 ${result.caseNo}`);
        setLastSaved(slip);
        if (startNext) reset();
        else setReceipt(slip);
      } catch (e) {
        if (e instanceof ApiError && e.fields.length > 0)
          form.setFields(e.fields.map((f) => ({ name: namePath(f.field), errors: [f.message] })));
        message.error(e instanceof Error ? e.message : '登记失败');
      } finally {
        setSaving(false);
      }
    },
    [saving, form, files, client, drafts.drop, unitName, registrar, message, reset],
  );

  useEffect(() => {
    if (receipt) return;
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        void save(e.shiftKey);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [save, receipt]);

  if (receipt)
    return (
      <Receipt
        data={receipt}
        onNext={() => {
          setReceipt(null);
          reset();
        }}
      />
    );

  // The form opens once its draft is known, so nothing typed is overwritten by a late restore.
  if (loaded === undefined) return <Skeleton active paragraph={{ rows: 10 }} />;

  const persons = values?.persons ?? 1;
  const threshold = policy.data?.effective.collectiveThreshold ?? 5;
  const petitioners = values?.petitioners ?? [];

  return (
    <Row gutter={16} wrap={false}>
      <Col flex="auto" style={{ minWidth: 0 }}>
        <Card
          size="small"
          title={
            <Space>
              <span>信访登记</span>
              {isCollective(values?.channel ?? 'visit', persons, threshold) && (
                <Tag color="volcano" data-testid="collective-badge">
                  集体访（{persons}人）
                </Tag>
              )}
            </Space>
          }
          extra={
            <Typography.Text type="secondary">
              回车：下一项 · Ctrl+S：保存 · Ctrl+Shift+S：保存并登记下一件
            </Typography.Text>
          }
        >
          {restored && (
            <Alert
              type="info"
              showIcon
              closable
              style={{ marginBottom: 12 }}
              title={`已恢复 ${dayjs(restored).format('MM-DD HH:mm')} 未保存的登记草稿`}
              action={
                <Button size="small" onClick={reset}>
                  清空
                </Button>
              }
            />
          )}
          {lastSaved && (
            <Alert
              type="success"
              showIcon
              style={{ marginBottom: 12 }}
              title={`上一件已登记：${lastSaved.caseNo}（查询码 ${lastSaved.queryCode}）`}
              action={
                <Button size="small" onClick={() => setReceipt(lastSaved)}>
                  打印回执
                </Button>
              }
            />
          )}
          <Form<Values>
            form={form}
            {...enterToNext}
            name="reg"
            layout="vertical"
            onValuesChange={onValuesChange}
            requiredMark
            size="middle"
          >
            <Row gutter={12}>
              <Col span={6}>
                <Form.Item label="信访形式" name="channel" rules={[{ required: true }]}>
                  <Select
                    options={Object.entries(CHANNEL_LABELS).map(([value, label]) => ({ value, label }))}
                  />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item label="信访目的" name="purpose" rules={[{ required: true }]}>
                  <Select
                    options={Object.entries(PURPOSE_LABELS).map(([value, label]) => ({ value, label }))}
                  />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item label="登记日期" name="registeredOn">
                  <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" allowClear={false} />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item label="人数" name="persons" rules={[{ required: true, message: '请填写人数' }]}>
                  <InputNumber min={1} max={100000} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item label="问题属地" name="regionCode" required>
                  <PinyinSelect options={regionOptions} placeholder="输入名称或拼音首字母" />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item label="内容分类" name="categoryId">
                  <PinyinSelect options={categoryOptions} placeholder="输入名称或拼音首字母" />
                </Form.Item>
              </Col>
            </Row>
            <Form.List name="petitioners">
              {(fields, { add, remove }) => (
                <fieldset style={{ border: 'none', margin: 0, padding: 0 }}>
                  <legend style={{ fontSize: 14, fontWeight: 600, marginBottom: 8 }}>信访人</legend>
                  {fields.map((field, index) => {
                    const hint = idNumberHint(petitioners[index]?.idNumber, regionName);
                    return (
                      <Row gutter={8} key={field.key} align="top" data-testid={`petitioner-${index}`}>
                        <Col span={4}>
                          <Form.Item label={`姓名（${index + 1}）`} name={[field.name, 'name']} required>
                            <Input />
                          </Form.Item>
                        </Col>
                        <Col span={7}>
                          <Form.Item
                            label="身份证号码"
                            name={[field.name, 'idNumber']}
                            validateStatus={hint.status === 'validating' ? '' : hint.status}
                            help={hint.text || undefined}
                          >
                            <Input maxLength={18} />
                          </Form.Item>
                        </Col>
                        <Col span={5}>
                          <Form.Item label="联系电话" name={[field.name, 'phone']}>
                            <Input maxLength={20} />
                          </Form.Item>
                        </Col>
                        <Col span={7}>
                          <Form.Item label="住址" name={[field.name, 'address']}>
                            <Input />
                          </Form.Item>
                        </Col>
                        <Col span={1} style={{ paddingTop: 30 }}>
                          {fields.length > 1 && (
                            <Button
                              type="text"
                              icon={<DeleteOutlined />}
                              aria-label={`删除第${index + 1}位信访人`}
                              onClick={() => remove(field.name)}
                            />
                          )}
                        </Col>
                      </Row>
                    );
                  })}
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() => {
                      add({});
                      window.setTimeout(
                        () => document.getElementById(`reg_petitioners_${fields.length}_name`)?.focus(),
                        0,
                      );
                    }}
                    data-testid="add-petitioner"
                    style={{ marginBottom: 16 }}
                  >
                    添加信访人
                  </Button>
                </fieldset>
              )}
            </Form.List>
            <Form.Item label="标题（不填则取诉求内容开头）" name="title">
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item label="诉求内容" name="content" required>
              <Input.TextArea autoSize={{ minRows: 4, maxRows: 10 }} maxLength={20000} showCount />
            </Form.Item>
            <Row gutter={12}>
              {/* A leader receives visits (领导接访): the field is offered for visits only. */}
              {isVisit(values?.channel ?? 'visit') && (
                <Col span={8}>
                  <Form.Item label="接访领导" name="leaderName">
                    <Input maxLength={50} />
                  </Form.Item>
                </Col>
              )}
              <Col span={8}>
                <Form.Item label="越级访" name="isSkipLevel" valuePropName="checked">
                  <Checkbox>越级上访</Checkbox>
                </Form.Item>
              </Col>
              <Col span={8}>
                {values?.purpose === 'report' && (
                  <Form.Item label="保密" name="confidential" valuePropName="checked">
                    <Checkbox>揭发控告，信访人信息保密</Checkbox>
                  </Form.Item>
                )}
              </Col>
            </Row>
            <Form.Item label="附件（拖入文件，或选择扫描仪保存的文件）">
              <Upload.Dragger
                multiple
                accept="image/*,.pdf,.doc,.docx,.xls,.xlsx"
                showUploadList={false}
                beforeUpload={(file) => {
                  setFiles((list) => [...list, { uid: file.uid, file, url: URL.createObjectURL(file) }]);
                  return false;
                }}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p>点击或拖入文件（图片、PDF、Word、Excel），保存登记时一并上传</p>
              </Upload.Dragger>
              {files.length > 0 && (
                <Space wrap style={{ marginTop: 8 }}>
                  {files.map((f) => (
                    <Card key={f.uid} size="small" style={{ width: 150 }}>
                      {f.file.type.startsWith('image/') ? (
                        <Image src={f.url} alt={f.file.name} height={80} />
                      ) : (
                        <Typography.Text>{f.file.name}</Typography.Text>
                      )}
                      <Button
                        type="link"
                        size="small"
                        onClick={() => setFiles((list) => list.filter((x) => x.uid !== f.uid))}
                      >
                        移除
                      </Button>
                    </Card>
                  ))}
                </Space>
              )}
            </Form.Item>
            <Space>
              <Button type="primary" loading={saving} onClick={() => void save(false)} data-testid="save">
                保存（Ctrl+S）
              </Button>
              <Button loading={saving} onClick={() => void save(true)}>
                保存并登记下一件（Ctrl+Shift+S）
              </Button>
              <Button onClick={reset}>清空</Button>
            </Space>
          </Form>
        </Card>
      </Col>
      <Col flex="320px">
        <EarlierPetitions
          idNumbers={petitioners.map((p) => p?.idNumber ?? '')}
          phones={petitioners.map((p) => p?.phone ?? '')}
          content={values?.content ?? ''}
        />
      </Col>
    </Row>
  );
}
