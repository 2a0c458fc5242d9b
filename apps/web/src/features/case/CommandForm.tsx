import {
  COMMAND_LABELS,
  type CommandName,
  type CommandResult,
  CommandSchemas,
  type PetitionDetail,
} from '@xinfang/contract';
import { Alert, Button, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { ApiError, api } from '../../api/client.ts';
import { PinyinSelect } from '../../components/PinyinSelect.tsx';
import { useUnitOptions } from '../reference/useReference.ts';
import { AttachmentField, NoticePicker, OrganPicker, StaffPicker } from './CasePickers.tsx';
import { COMMAND_FIELDS, type Field } from './commandFields.ts';

type Values = Record<string, string | number | Dayjs | undefined>;

/** The body to send: blanks dropped, dates as YYYY-MM-DD, fields hidden by `when` left out. */
function clean(values: Values, fields: Field[]): Record<string, string | number> {
  const shown = (f: Field) => !f.when || values[f.when.field] === f.when.is;
  const out: Record<string, string | number> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (!shown(f) || v === undefined || v === null) continue;
    if (dayjs.isDayjs(v)) out[f.name] = v.format('YYYY-MM-DD');
    else if (typeof v === 'string' && v.trim() === '') continue;
    else out[f.name] = v;
  }
  return out;
}

/**
 * One lifecycle command as a form: validated with the contract's schema before sending, server
 * field errors shown on the field, a version conflict shown as "已被他人修改" with the typed
 * values kept.
 */
export function CommandForm({
  petition,
  command,
  open,
  onClose,
  onDone,
  onConflict,
  onReload,
  reloading,
}: {
  petition: PetitionDetail;
  command: CommandName;
  /** The case is being read again: the version may be about to change, so sending waits. */
  reloading: boolean;
  open: boolean;
  onClose: () => void;
  onDone: (r: CommandResult) => void;
  onConflict: () => void;
  onReload: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const petitionId = petition.id;
  const version = petition.version;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const fields = COMMAND_FIELDS[command];
  const unitOptions = useUnitOptions();
  useEffect(() => {
    if (open) {
      setError(null);
      setConflict(false);
      form.setFieldsValue(
        Object.fromEntries(
          fields
            .filter((f) => f.kind === 'select' && f.initial)
            .map((f) => [f.name, f.kind === 'select' ? f.initial : undefined]),
        ),
      );
    }
  }, [open, form, fields]);

  const submit = async () => {
    const values = clean(form.getFieldsValue(true) as Values, fields);
    const parsed = CommandSchemas[command].safeParse({ ...values, version });
    form.setFields(fields.map((f) => ({ name: f.name, errors: [] })));
    if (!parsed.success) {
      form.setFields(parsed.error.issues.map((i) => ({ name: String(i.path[0]), errors: [i.message] })));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const path = command.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      const result = await api<CommandResult>(`/petitions/${petitionId}/${path}`, { body: parsed.data });
      form.resetFields();
      onDone(result);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
        onConflict();
        setConflict(true);
        setError(null);
      } else if (e instanceof ApiError && e.fields.length > 0) {
        form.setFields(
          e.fields.map((f) => ({ name: f.field.split('.').pop() ?? f.field, errors: [f.message] })),
        );
        setError(e.message);
      } else setError(e instanceof Error ? e.message : '办理失败');
    } finally {
      setBusy(false);
    }
  };

  /** The control of one field: text, a picker of the case's notices, staff or organs, a date, a file. */
  const control = (f: Field) => {
    switch (f.kind) {
      case 'textarea':
        return <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />;
      case 'text':
        return <Input />;
      case 'number':
        return <InputNumber min={f.min} max={f.max} style={{ width: '100%' }} />;
      case 'unit':
        return <PinyinSelect options={unitOptions} placeholder="输入单位名称或拼音首字母" />;
      case 'select':
        return <Select options={Object.entries(f.options).map(([value, label]) => ({ value, label }))} />;
      case 'date':
        return (
          <DatePicker
            style={{ width: '100%' }}
            placeholder="选择日期"
            disabledDate={f.noFuture ? (d) => d.isAfter(dayjs(), 'day') : undefined}
          />
        );
      case 'notice':
        return <NoticePicker petition={petition} />;
      case 'staff':
        return <StaffPicker petitionId={petitionId} of={f.of} />;
      case 'organ':
        return <OrganPicker petition={petition} of={f.of} />;
      case 'upload':
        return <AttachmentField petitionId={petitionId} accept={f.accept} onError={setError} />;
    }
  };

  return (
    <Modal
      open={open}
      title={COMMAND_LABELS[command]}
      onCancel={onClose}
      destroyOnHidden={false}
      footer={[
        <Button key="cancel" onClick={onClose}>
          取消
        </Button>,
        <Button
          key="ok"
          type="primary"
          loading={busy}
          disabled={reloading && !busy}
          onClick={() => void submit()}
          data-testid="command-submit"
        >
          确定{COMMAND_LABELS[command]}
        </Button>,
      ]}
    >
      {conflict && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          data-testid="conflict-in-form"
          style={{ marginBottom: 12 }}
          title="已被他人修改"
          description="您打开后这件信访事项已被他人办理。请重新加载最新内容；您填写的内容保留在本表单中，确认后可再次提交。"
          action={
            <Button
              size="small"
              onClick={() => {
                setConflict(false);
                onReload();
              }}
            >
              重新加载
            </Button>
          }
        />
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} role="alert" />}
      <Form form={form} layout="vertical" name={`cmd_${command}`}>
        {fields.map((f) =>
          f.when ? (
            <Form.Item key={f.name} noStyle dependencies={[f.when.field]}>
              {({ getFieldValue }) =>
                getFieldValue(f.when?.field ?? '') === f.when?.is ? (
                  <Form.Item name={f.name} label={f.label}>
                    {control(f)}
                  </Form.Item>
                ) : null
              }
            </Form.Item>
          ) : (
            <Form.Item key={f.name} name={f.name} label={f.label}>
              {control(f)}
            </Form.Item>
          ),
        )}
      </Form>
    </Modal>
  );
}
