import { z } from 'zod';

/** A draft's name within its user's drafts, e.g. `registration`. */
export const DraftKey = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, '草稿名称只能含小写字母、数字和连字符（至多40个字符）');

/** What a form keeps while it is being typed: its values as JSON (at most 64 KB). */
export const DraftPayload = z
  .record(z.string(), z.unknown())
  .refine((v) => JSON.stringify(v).length <= 65_536, '草稿内容过大（至多64KB）');

export const SaveDraftSchema = z.object({ payload: DraftPayload });
export type SaveDraft = z.infer<typeof SaveDraftSchema>;

export const DraftSchema = z.object({
  key: z.string(),
  payload: z.record(z.string(), z.unknown()),
  updatedAt: z.string(),
});
export type Draft = z.infer<typeof DraftSchema>;

/** A draft read: null when this user has none under that key. */
export const DraftResponseSchema = z.object({ draft: DraftSchema.nullable() });
export type DraftResponse = z.infer<typeof DraftResponseSchema>;

/** How long an untouched draft is kept before the scheduled sweep deletes it. */
export const DRAFT_RETENTION_DAYS = 7;
