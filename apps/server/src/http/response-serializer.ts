import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { ResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** The JSON paths of `original` that `encoded` lost (a response schema that forgot a field). */
export function droppedPaths(original: unknown, encoded: unknown, path = ''): string[] {
  if (Array.isArray(original)) {
    if (!Array.isArray(encoded)) return [];
    return original.flatMap((item, i) => droppedPaths(item, encoded[i], `${path}[${i}]`));
  }
  if (original === null || typeof original !== 'object') return [];
  if (encoded === null || typeof encoded !== 'object') return [];
  const out = encoded as Record<string, unknown>;
  return Object.entries(original).flatMap(([key, value]) =>
    !(key in out) ? [`${path}.${key}`] : droppedPaths(value, out[key], `${path}.${key}`),
  );
}

const asSchema = (maybe: unknown): z.ZodType => {
  if (maybe instanceof z.ZodType) return maybe;
  const properties = (maybe as { properties?: unknown }).properties;
  if (properties instanceof z.ZodType) return properties;
  throw new Error(`响应定义不是 zod 模式：${JSON.stringify(maybe)}`);
};

/**
 * Serializes a reply through its declared zod response schema, as fastify-type-provider-zod
 * does. `strict` (the tests turn it on) also fails a reply whose schema silently drops a field,
 * so a response schema that drifts from what the service returns is caught, not shipped.
 */
export function responseSerializer(strict: boolean): FastifySerializerCompiler<unknown> {
  return ({ schema: maybeSchema, method, url }) => {
    const schema = asSchema(maybeSchema);
    return (data) => {
      const result = z.safeEncode(schema, data);
      if (result.error) throw new ResponseSerializationError(method, url, { cause: result.error });
      if (strict) {
        const plain = JSON.parse(JSON.stringify(data)) as unknown;
        const lost = droppedPaths(plain, JSON.parse(JSON.stringify(result.data)) as unknown);
        if (lost.length > 0)
          throw new ResponseSerializationError(method, url, {
            cause: new Error(`响应模式丢弃了字段：${lost.slice(0, 10).join(', ')}`) as never,
          });
      }
      return JSON.stringify(result.data);
    };
  };
}
