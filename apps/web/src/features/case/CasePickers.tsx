import { UploadOutlined } from '@ant-design/icons';
import {
  NOTICE_LABELS,
  type NoticeKind,
  type PetitionDetail,
  ROLE_LABELS,
  UPPER_ORGAN_RELATION_LABELS,
  type UpperOrganRelation,
} from '@xinfang/contract';
import { Button, Select, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { localDay } from '../../components/dates.ts';
import { PinyinSelect } from '../../components/PinyinSelect.tsx';
import { uploadAttachment, useCaseStaff, useUpperOrgans } from './useCase.ts';

type Controlled = { value?: string; onChange?: (v: string | undefined) => void; id?: string };

/** 登记送达: the case's notices to the petitioner not yet delivered. */
export function NoticePicker({ petition, ...props }: Controlled & { petition: PetitionDetail }) {
  const pending = petition.documents.filter((d) => d.delivery?.status === 'pending');
  return (
    <Select<string>
      {...props}
      placeholder={pending.length ? '选择待送达的文书' : '本件没有待送达的文书'}
      notFoundContent="本件没有待送达的文书"
      options={pending.map((d) => ({
        value: d.id,
        label: `${NOTICE_LABELS[d.kind as NoticeKind] ?? d.fileName}${d.documentNo ? `（${d.documentNo}）` : ''} · ${localDay(d.createdAt)}`,
      }))}
    />
  );
}

/**
 * 指定承办人 / 回避: staff of the unit handling the case (and, for 回避, of the caller's unit too),
 * searchable by name or pinyin; the recused cannot be named 承办人.
 */
export function StaffPicker({
  petitionId,
  of,
  ...props
}: Controlled & { petitionId: string; of: 'handling' | 'all' }) {
  const staff = useCaseStaff(petitionId, true);
  const units = (staff.data?.units ?? []).filter(
    (u) => of === 'all' || u.unitId === staff.data?.handlingUnitId,
  );
  const options = units.flatMap((u) =>
    u.staff
      .filter((s) => (of === 'handling' ? !s.recused : true))
      .map((s) => ({
        value: s.id,
        label: `${s.displayName}（${units.length > 1 ? `${u.unitName}，` : ''}${s.roles.map((r) => ROLE_LABELS[r]).join('、')}${s.assignee ? '，现承办人' : ''}${s.recused ? '，已回避' : ''}）`,
      })),
  );
  return (
    <PinyinSelect
      {...props}
      loading={staff.isPending}
      options={options}
      placeholder="输入姓名或拼音首字母"
      notFoundContent={staff.isError ? staff.error.message : '没有可选的工作人员'}
    />
  );
}

/**
 * The organ that decides a 复查 (第三十五条: the 上一级机关、单位 of the unit that replied) or a
 * 复核 (第三十六条: the one above the 复查 organ), from the units' upper organs set by the admin.
 */
export function OrganPicker({
  petition,
  of,
  ...props
}: Controlled & { petition: PetitionDetail; of: 'review' | 'reReview' }) {
  const below =
    of === 'review'
      ? (petition.replyUnit?.id ?? petition.responsibleUnitId ?? petition.bureauUnitId)
      : (petition.reviewOrgan?.id ?? petition.bureauUnitId);
  const organs = useUpperOrgans(below);
  return (
    <Select<string>
      {...props}
      loading={organs.isPending}
      placeholder="选择上一级机关、单位"
      notFoundContent="该单位未设置上一级机关、单位，请联系管理员"
      options={(organs.data ?? []).map((o) => ({
        value: o.unitId,
        label: `${o.name}（${UPPER_ORGAN_RELATION_LABELS[o.relation as UpperOrganRelation] ?? o.relation}）`,
      }))}
    />
  );
}

/** A scan or file attached to the case before the command is sent; the field holds its id. */
export function AttachmentField({
  petitionId,
  accept,
  onChange,
  id,
  onError,
}: Controlled & { petitionId: string; accept: string; onError: (message: string) => void }) {
  const [name, setName] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Space>
      <Upload
        accept={accept}
        showUploadList={false}
        customRequest={async ({ file }) => {
          setBusy(true);
          try {
            const saved = await uploadAttachment(petitionId, file as File);
            setName(saved.fileName);
            onChange?.(saved.id);
          } catch (e) {
            onError(e instanceof Error ? e.message : '上传失败');
          } finally {
            setBusy(false);
          }
        }}
      >
        <Button id={id} icon={<UploadOutlined />} loading={busy}>
          {name ? '重新上传' : '上传扫描件'}
        </Button>
      </Upload>
      {name && (
        <Typography.Text type="secondary">
          已上传：<span data-latin-ok>{name}</span>
        </Typography.Text>
      )}
    </Space>
  );
}
