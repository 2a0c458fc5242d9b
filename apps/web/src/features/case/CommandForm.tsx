import { COMMAND_LABELS, type CommandName, type CommandResult, CommandSchemas } from '@xinfang/contract';
import { Alert, Button, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError, api } from '../../api/client.ts';
import { PinyinSelect } from '../../components/PinyinSelect.tsx';
import { useUnitOptions } from '../reference/useReference.ts';
import { COMMAND_FIELDS } from './commandFields.ts';

type Values = Record<string, string | number | undefined>;

function clean(values: Values): Values {
  return Object.fromEntries(
    Object.entries(values).filter(
      ([, v]) => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === ''),
    ),
  );
}

/**
 * One lifecycle command as a form: validated with the contract's schema before sending, server
 * field errors shown on the field, a version conflict shown as "已被他人修改" with the typed
 * values kept.
 */
export function CommandForm({
  petitionId,
  command,
  version,
  open,
  onClose,
  onDone,
  onConflict,
  onReload,
  reloading,
}: {
  petitionId: string;
  command: CommandName;
  version: number;
  /** The case is being read again: the version may be about to change, so sending waits. */
  reloading: boolean;
  open: boolean;
  onClose: () => void;
  onDone: (r: CommandResult) => void;
  onConflict: () => void;
  onReload: () => void;
}) {
  const [form] = Form.useForm<Values>();
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
    const values = clean(form.getFieldsValue(true) as Values);
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
        {fields.map((f) => (
          <Form.Item key={f.name} name={f.name} label={f.label}>
            {f.kind === 'textarea' ? (
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
            ) : f.kind === 'text' ? (
              <Input />
            ) : f.kind === 'number' ? (
              <InputNumber min={f.min} max={f.max} style={{ width: '100%' }} />
            ) : f.kind === 'unit' ? (
              <PinyinSelect options={unitOptions} placeholder="输入单位名称或拼音首字母" />
            ) : (
              <Select options={Object.entries(f.options).map(([value, label]) => ({ value, label }))} />
            )}
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}
