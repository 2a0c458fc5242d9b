import type { PolicySummary } from '@xinfang/contract';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

export const usePolicy = () =>
  useQuery({
    queryKey: ['policy'],
    queryFn: () => api<PolicySummary>('/settings/policy'),
    staleTime: 600_000,
  });
