import { z } from 'zod';
import type { Role } from './enums.ts';

/**
 * The work queues of the workbench (我的待办), defined once for the server (which turns each into
 * an SQL condition) and the web app (which lists the ones a role works from, in this order).
 */
export const QUEUE_DEFS = [
  { key: 'triage', label: '待分流', roles: ['caseworker', 'registrar'] },
  { key: 'returned', label: '退回待改派', roles: ['caseworker'] },
  { key: 'sign', label: '待签收', roles: ['handler', 'caseworker'] },
  { key: 'handle', label: '待办理', roles: ['handler', 'caseworker'] },
  { key: 'deliver', label: '待送达', roles: ['caseworker', 'handler', 'registrar'] },
  { key: 'near_due', label: '临期', roles: ['caseworker', 'handler', 'leader', 'supervisor'] },
  { key: 'overdue', label: '超期', roles: ['caseworker', 'handler', 'leader', 'supervisor'] },
  { key: 'approve', label: '待审核', roles: ['caseworker'] },
  { key: 'evaluate', label: '待评价', roles: ['caseworker', 'registrar', 'handler'] },
  { key: 'review', label: '复查复核待决定', roles: ['caseworker'] },
] as const satisfies ReadonlyArray<{ key: string; label: string; roles: readonly Role[] }>;

export type Queue = (typeof QUEUE_DEFS)[number]['key'];
const keys = QUEUE_DEFS.map((d) => d.key) as [Queue, ...Queue[]];
export const Queue = z.enum(keys);

/** Every queue in display order. */
export const QUEUES: readonly Queue[] = keys;

export const QUEUE_LABELS = Object.fromEntries(QUEUE_DEFS.map((d) => [d.key, d.label])) as Record<
  Queue,
  string
>;

/** The queues a user with these roles works from, in display order (the rest would stay empty). */
export const queuesFor = (roles: readonly Role[]): Queue[] =>
  QUEUE_DEFS.filter((d) => (d.roles as readonly Role[]).some((r) => roles.includes(r))).map((d) => d.key);

/** How a petition list is ordered; every sort pages by keyset cursor (the cursor names its sort). */
export const PetitionSort = z.enum([
  'registered_desc',
  'registered_asc',
  'due_asc',
  'due_desc',
  'case_no_asc',
  'case_no_desc',
]);
export type PetitionSort = z.infer<typeof PetitionSort>;
export const SORT_LABELS: Record<PetitionSort, string> = {
  registered_desc: '登记时间（新→旧）',
  registered_asc: '登记时间（旧→新）',
  due_asc: '期限（近→远）',
  due_desc: '期限（远→近）',
  case_no_asc: '案件编号（升序）',
  case_no_desc: '案件编号（降序）',
};
