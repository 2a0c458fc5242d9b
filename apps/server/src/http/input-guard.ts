import { fieldLabel } from '@xinfang/contract';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';

/** `String.prototype.isWellFormed` (ES2024, Node ≥ 20; our TypeScript lib is ES2022): no lone surrogate. */
const wellFormed = (value: string): boolean =>
  (value as unknown as { isWellFormed(): boolean }).isWellFormed();

/** Why a string cannot be stored as text (PostgreSQL refuses NUL; lone surrogates are not UTF-8). */
export function unstorableText(value: string): string | undefined {
  if (value.includes('\u0000')) return '不能包含空字符（NUL）';
  if (!wellFormed(value)) return '包含无效的字符编码';
  return undefined;
}

/** The input error for a bad string at `path`, naming the field in Chinese. */
export function unstorableTextError(path: Array<string | number>, problem: string): AppError {
  const field = path.join('.');
  const message = `${fieldLabel(path)}${problem}`;
  return new AppError('VALIDATION_FAILED', message, { fields: [{ field, message }] });
}

function findBadString(
  value: unknown,
  path: Array<string | number>,
  depth: number,
): { path: Array<string | number>; problem: string } | undefined {
  if (typeof value === 'string') {
    const problem = unstorableText(value);
    return problem ? { path, problem } : undefined;
  }
  if (depth > 64 || value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findBadString(value[i], [...path, i], depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, child] of Object.entries(value)) {
    const keyProblem = unstorableText(key);
    if (keyProblem) return { path: [...path, key], problem: keyProblem };
    const found = findBadString(child, [...path, key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Refuses, before validation and before any query, every string PostgreSQL cannot store or
 * compare: a NUL character or a lone UTF-16 surrogate in the body, the query string or the path,
 * on every route, with or without a session. The answer is 400 naming the field in Chinese.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const found =
      findBadString(request.params, [], 0) ??
      findBadString(request.query, [], 0) ??
      findBadString(request.body, [], 0);
    if (found) throw unstorableTextError(found.path, found.problem);
  });
}
