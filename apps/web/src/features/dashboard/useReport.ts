import type { StatisticsReport } from '@xinfang/contract';
import { useQueries, useQuery } from '@tanstack/react-query';
import { api, qs } from '../../api/client.ts';

/**
 * GET /api/statistics/report, typed by the contract schema the server serializes it with (its
 * definitions are documented in docs/statistics.md).
 */
export type ReportView = StatisticsReport;

export const useReport = (from: string, to: string) =>
  useQuery({
    queryKey: ['report', from, to],
    queryFn: () => api<ReportView>(`/statistics/report${qs({ from, to })}`),
  });

export const useMonthlyTotals = (months: Array<{ from: string; to: string }>) =>
  useQueries({
    queries: months.map((m) => ({
      queryKey: ['report', m.from, m.to],
      queryFn: () => api<ReportView>(`/statistics/report${qs({ from: m.from, to: m.to })}`),
    })),
  });
