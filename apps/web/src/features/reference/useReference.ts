import type { CategoryNode, Region, Unit } from '@xinfang/contract';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { useMemo } from 'react';

const LONG = 10 * 60_000;

export const useUnits = () =>
  useQuery({ queryKey: ['units'], queryFn: () => api<Unit[]>('/units'), staleTime: LONG });
export const useCategories = () =>
  useQuery({ queryKey: ['categories'], queryFn: () => api<CategoryNode[]>('/categories'), staleTime: LONG });
export const useRegions = () =>
  useQuery({ queryKey: ['regions'], queryFn: () => api<Region[]>('/regions'), staleTime: LONG });

/**
 * id → name lookups for tables, rebuilt only when the reference data changes: a new lookup on
 * every render would rebuild the tables' columns and re-render every cell.
 */
export function useNames() {
  const units = useUnits().data;
  const categories = useCategories().data;
  const regions = useRegions().data;
  return useMemo(
    () => ({
      unitName: new Map((units ?? []).map((u) => [u.id, u.name])),
      categoryName: new Map(
        (categories ?? []).flatMap((c) => [
          [c.id, c.name] as const,
          ...c.children.map((k) => [k.id, `${c.name}/${k.name}`] as const),
        ]),
      ),
      regionName: new Map((regions ?? []).map((r) => [r.code, r.name])),
    }),
    [units, categories, regions],
  );
}

export type Option = { value: string; label: string };

/** Picker options for units, categories (two levels, "上级/下级") and regions below the county. */
export function useUnitOptions(): Option[] {
  const units = useUnits();
  return useMemo(() => (units.data ?? []).map((u) => ({ value: u.id, label: u.name })), [units.data]);
}
export function useCategoryOptions(): Option[] {
  const categories = useCategories();
  return useMemo(
    () =>
      (categories.data ?? []).flatMap((c) => [
        { value: c.id, label: c.name },
        ...c.children.map((k) => ({ value: k.id, label: `${c.name}/${k.name}` })),
      ]),
    [categories.data],
  );
}
export function useRegionOptions(): Option[] {
  const regions = useRegions();
  return useMemo(
    () => (regions.data ?? []).filter((r) => r.level >= 3).map((r) => ({ value: r.code, label: r.name })),
    [regions.data],
  );
}
