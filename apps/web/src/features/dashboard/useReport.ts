import { useQueries, useQuery } from '@tanstack/react-query';
import { api, qs } from '../../api/client.ts';

type Count = { batches: number; persons: number };
type Rate = { value: number | null; numerator: number; denominator: number };
type Change = { batches: number | null; persons: number | null };

/**
 * The parts of GET /api/statistics/report the dashboard reads. The report is computed by the
 * server's statistics domain; its full shape is documented in docs/statistics.md.
 */
export type ReportView = {
  from: string;
  to: string;
  total: Count;
  byChannel: Record<string, Count>;
  byPurpose: Array<{ name: string } & Count>;
  byRegion: Array<{ name: string } & Count>;
  byUnit: Array<{ name: string } & Count>;
  byCategory: Array<{ name: string; parent: string | null; level: 1 | 2; batches: number; persons: number }>;
  collective: Count;
  concluded: number;
  inProgress: number;
  rateDetails: Record<string, Rate>;
  yoy: { total: Change };
  mom: { total: Change };
};

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
