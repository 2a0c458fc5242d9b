import type { DeadlinesByUnit, RegionBreakdown } from '@xinfang/contract';
import { useQuery } from '@tanstack/react-query';
import { api, qs } from '../../api/client.ts';

/** 超期 / 临期 now by the unit owning the next step. */
export const useDeadlinesByUnit = () =>
  useQuery({
    queryKey: ['deadlines-by-unit'],
    queryFn: () => api<DeadlinesByUnit>('/statistics/deadlines-by-unit'),
  });

/** Petitions of the period by the sub-regions of a region (the caller's own when none). */
export const useRegionBreakdown = (from: string, to: string, region: string | undefined) =>
  useQuery({
    queryKey: ['region-breakdown', from, to, region],
    queryFn: () => api<RegionBreakdown>(`/statistics/regions${qs({ from, to, region })}`),
  });
