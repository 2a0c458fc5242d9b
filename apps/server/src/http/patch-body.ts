import type { z } from 'zod';

/** A PATCH body must change something: `{}` answers 400 instead of reaching an empty UPDATE. */
export function nonEmptyPatch<T extends z.ZodObject>(schema: T) {
  return schema.refine((value) => Object.values(value).some((v) => v !== undefined), {
    message: '请至少填写一项要修改的内容',
  });
}
