import { UnitKind } from '@xinfang/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../http/auth-hook.ts';
import {
  createCategory,
  createUnit,
  editCategory,
  editUnit,
  getCategoryTree,
  getRegions,
  getUnits,
  loadRegions,
} from './reference.service.ts';
import { nonEmptyPatch } from '../../http/patch-body.ts';

const Id = z.object({ id: z.uuid('编号无效') });
const admin = { access: { roles: ['admin'] as const } };

export function referenceRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/regions',
    {
      schema: {
        tags: ['基础数据'],
        summary: '行政区划',
        querystring: z.object({ parent: z.string().optional() }),
      },
    },
    async (req) => getRegions(deps, req.query.parent),
  );
  r.post(
    '/api/regions',
    {
      schema: {
        tags: ['基础数据'],
        summary: '导入行政区划',
        body: z.object({
          regions: z
            .array(z.object({ code: z.string(), name: z.string() }))
            .min(1)
            .max(100000),
        }),
      },
      config: admin,
    },
    async (req) => ({ loaded: await loadRegions(deps, actorOf(req), req.body.regions) }),
  );
  r.get('/api/units', { schema: { tags: ['基础数据'], summary: '单位' } }, async () => getUnits(deps));
  r.post(
    '/api/units',
    {
      schema: {
        tags: ['基础数据'],
        summary: '新增单位',
        body: z.object({
          name: z.string().trim().min(1, '请填写单位名称').max(100),
          kind: UnitKind,
          regionCode: z.string(),
          parentId: z.uuid().optional(),
        }),
      },
      config: admin,
    },
    async (req, reply) => reply.status(201).send(await createUnit(deps, actorOf(req), req.body)),
  );
  r.patch(
    '/api/units/:id',
    {
      schema: {
        tags: ['基础数据'],
        summary: '修改单位',
        params: Id,
        body: nonEmptyPatch(
          z.object({
            name: z.string().trim().min(1).max(100).optional(),
            active: z.boolean().optional(),
          }),
        ),
      },
      config: admin,
    },
    async (req) => editUnit(deps, actorOf(req), req.params.id, req.body),
  );
  r.get('/api/categories', { schema: { tags: ['基础数据'], summary: '内容分类（两级）' } }, async () =>
    getCategoryTree(deps),
  );
  r.post(
    '/api/categories',
    {
      schema: {
        tags: ['基础数据'],
        summary: '新增内容分类',
        body: z.object({
          name: z.string().trim().min(1, '请填写分类名称').max(50),
          parentId: z.uuid().optional(),
          sort: z.number().int().optional(),
        }),
      },
      config: admin,
    },
    async (req, reply) => reply.status(201).send(await createCategory(deps, actorOf(req), req.body)),
  );
  r.patch(
    '/api/categories/:id',
    {
      schema: {
        tags: ['基础数据'],
        summary: '修改内容分类',
        params: Id,
        body: nonEmptyPatch(
          z.object({
            name: z.string().trim().min(1).max(50).optional(),
            sort: z.number().int().optional(),
            active: z.boolean().optional(),
          }),
        ),
      },
      config: admin,
    },
    async (req) => editCategory(deps, actorOf(req), req.params.id, req.body),
  );
}
