import type { Attachment, DeadlineExplanation, PetitionDetail, PetitionerView } from '@xinfang/contract';
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
