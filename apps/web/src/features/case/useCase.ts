import type {
  Attachment,
  CaseStaff,
  DeadlineExplanation,
  PetitionDetail,
  PetitionerView,
  UpperOrgan,
} from '@xinfang/contract';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

export const caseKey = (id: string) => ['petition', id] as const;

export const usePetition = (id: string) =>
  useQuery({ queryKey: caseKey(id), queryFn: () => api<PetitionDetail>(`/petitions/${id}`) });

export const useDeadline = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: [...caseKey(id), 'deadline'],
    queryFn: () => api<DeadlineExplanation>(`/petitions/${id}/deadline`),
    enabled,
  });

export const useAttachments = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: [...caseKey(id), 'attachments'],
    queryFn: () => api<Attachment[]>(`/petitions/${id}/attachments`),
    enabled,
  });

/** The plain personal data; each call is written to the audit log by the server. */
export const revealPetitioners = (id: string) =>
  api<PetitionerView[]>(`/petitions/${id}/petitioners/unmasked`);

/** The people the case's forms may name (承办人, 回避). */
export const useCaseStaff = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: [...caseKey(id), 'staff'],
    queryFn: () => api<CaseStaff>(`/petitions/${id}/staff`),
    enabled,
  });

/** The upper organs of a unit: where a 复查 or 复核 is asked for. */
export const useUpperOrgans = (unitId: string | null | undefined) =>
  useQuery({
    queryKey: ['upper-organs', unitId],
    queryFn: () => api<UpperOrgan[]>(`/units/${unitId}/upper-organs`),
    enabled: Boolean(unitId),
  });

/** Uploads a file to the case (a scanned receipt, hearing minutes); resolves to the attachment. */
export function uploadAttachment(id: string, file: File) {
  const form = new FormData();
  form.append('file', file, file.name);
  return api<Attachment>(`/petitions/${id}/attachments`, { form });
}
