import {
  CategoryNodeSchema,
  CategorySchema,
  RegionSchema,
  RegionsLoadedSchema,
  UnitKind,
  UnitSchema,
  UpperOrganRelation,
  UpperOrganSchema,
} from '@xinfang/contract';

/** 机关代字 in document numbers, e.g. 兰信. */
const DocAbbrev = z.string().trim().min(1, '请填写机关代字').max(12, '机关代字不超过12字');
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
  getUpperOrgans,
  setUpperOrgans,
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
        response: { 200: z.array(RegionSchema) },
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
        response: { 200: RegionsLoadedSchema },
      },
      config: admin,
    },
    async (req) => ({ loaded: await loadRegions(deps, actorOf(req), req.body.regions) }),
  );
  r.get(
    '/api/units',
    { schema: { tags: ['基础数据'], summary: '单位', response: { 200: z.array(UnitSchema) } } },
    async () => getUnits(deps),
  );
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
          docAbbrev: DocAbbrev.optional(),
        }),
        response: { 201: UnitSchema },
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
            docAbbrev: DocAbbrev.nullable().optional(),
          }),
        ),
        response: { 200: UnitSchema },
      },
      config: admin,
    },
    async (req) => editUnit(deps, actorOf(req), req.params.id, req.body),
  );
  r.get(
    '/api/units/:id/upper-organs',
    {
      schema: {
        tags: ['基础数据'],
        summary: '单位的上一级机关、单位（复查、复核机关）',
        params: Id,
        response: { 200: z.array(UpperOrganSchema) },
      },
    },
    async (req) => getUpperOrgans(deps, req.params.id),
  );
  r.put(
    '/api/units/:id/upper-organs',
    {
      schema: {
        tags: ['基础数据'],
        summary: '设置单位的上一级机关、单位',
        params: Id,
        body: z.object({
          organs: z
            .array(z.object({ upperUnitId: z.uuid('上一级机关无效'), relation: UpperOrganRelation }))
            .max(10, '最多设置10个上一级机关、单位'),
        }),
        response: { 200: z.array(UpperOrganSchema) },
      },
      config: admin,
    },
    async (req) => setUpperOrgans(deps, actorOf(req), req.params.id, req.body.organs),
  );
  r.get(
    '/api/categories',
    {
      schema: {
        tags: ['基础数据'],
        summary: '内容分类（两级）',
        response: { 200: z.array(CategoryNodeSchema) },
      },
    },
    async () => getCategoryTree(deps),
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
        response: { 201: CategorySchema },
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
        response: { 200: CategorySchema },
      },
      config: admin,
    },
    async (req) => editCategory(deps, actorOf(req), req.params.id, req.body),
  );
}
