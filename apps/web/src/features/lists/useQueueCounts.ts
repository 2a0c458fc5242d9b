import type { QueueCounts } from '@xinfang/contract';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

export const QUEUE_COUNTS_KEY = ['queue-counts'] as const;

/** The menu's badges: how many petitions wait in each queue of the caller's unit. */
export function useQueueCounts(enabled: boolean) {
  return useQuery({
    queryKey: QUEUE_COUNTS_KEY,
    queryFn: () => api<QueueCounts>('/work-queues'),
    enabled,
    refetchInterval: 60_000,
  });
}
