import {
  CaseStaffSchema,
  CommandResultSchema,
  CommandSchemas,
  type CommandName,
  DeadlineExplanationSchema,
  IsoDateSchema,
  PetitionSort,
  PetitionDetailSchema,
  PetitionerViewSchema,
  PetitionPageSchema,
  PetitionState,
  Purpose,
  Queue,
  QueueCountsSchema,
  RegisterPetitionSchema,
  RegisterResultSchema,
} from '@xinfang/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { DOCX_TYPE, fileResponse, sendDownload } from '../../http/download.ts';
import { TRANSITIONS } from '../../domain/lifecycle.ts';
import {
  explainDeadline,
  getDeliveryReceipt,
  getDocument,
  getPetition,
  queueCounts,
  searchPetitions,
} from './petition-query.service.ts';
import { regionPrefix } from '../../domain/region.ts';
import { revealPetitioners } from './personal-data.service.ts';
import { listCaseStaff } from './petition-staff.service.ts';
import { registerPetition } from './register.service.ts';
import { runCommand } from './transition.service.ts';

const IdParams = z.object({ id: z.uuid('信访事项编号无效') });
const DocParams = IdParams.extend({ documentId: z.uuid('文书编号无效') });
const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item));
const ListQuery = z.object({
  state: z.union([PetitionState, z.array(PetitionState)]).optional(),
  queue: Queue.optional(),
  channel: z.string().optional(),
  purpose: Purpose.optional(),
  categoryId: z.uuid().optional(),
  region: z
    .string()
    .regex(/^\d{2,12}$/, '行政区划代码应为数字')
    .optional(),
  unitId: z.uuid().optional(),
  flags: csv(z.enum(['collective', 'repeat', 'skipLevel', 'confidential', 'fromAbove'])).optional(),
  q: z.string().trim().max(100).optional(),
  dueBefore: IsoDateSchema.optional(),
  from: IsoDateSchema.optional(),
  to: IsoDateSchema.optional(),
  idNumber: z.string().trim().max(18).optional(),
  phone: z.string().trim().max(20).optional(),
  /** 承办人 */
  assigneeId: z.uuid('承办人无效').optional(),
  /** 待送达: cases with notices not yet delivered to the petitioner */
  pendingDelivery: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  /** 超期 / 临期 now, whatever the queue (the dashboard's figures by unit open this list). */
  deadline: z.enum(['overdue', 'near_due']).optional(),
  /** The unit owning the next step: the responsible unit, or the bureau before routing. */
  ownerUnitId: z.uuid('单位无效').optional(),
  /** 排序: registration time, deadline or case number, each way; keyset paging follows it. */
  sort: PetitionSort.optional(),
  /** Keyset paging: the cursor of the last (after) or first (before) row seen. */
  after: z.string().max(200).optional(),
  before: z.string().max(200).optional(),
  /** Offset paging, kept for API clients; the workbench pages by cursor. */
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

/** URL segment of a command: requestReview → request-review. */
export const commandPath = (name: CommandName): string =>
  name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export function petitionRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/petitions',
    {
      schema: {
        tags: ['信访事项'],
        summary: '登记信访事项',
        body: RegisterPetitionSchema,
        response: { 201: RegisterResultSchema },
      },
      config: { access: { roles: ['registrar', 'caseworker'] } },
    },
    async (req, reply) => {
      const key = req.headers['idempotency-key'];
      const idempotencyKey = typeof key === 'string' && key.length > 0 && key.length <= 200 ? key : undefined;
      return reply.status(201).send(await registerPetition(deps, actorOf(req), req.body, { idempotencyKey }));
    },
  );

  r.get(
    '/api/petitions',
    {
      schema: {
        tags: ['信访事项'],
        summary: '信访事项列表（筛选、待办队列、按游标翻页）',
        querystring: ListQuery,
        response: { 200: PetitionPageSchema },
      },
    },
    async (req) => {
      const q = req.query;
      return searchPetitions(
        deps,
        actorOf(req),
        {
          states: q.state ? ([] as string[]).concat(q.state) : undefined,
          channel: q.channel,
          purpose: q.purpose,
          categoryId: q.categoryId,
          regionPrefix: q.region ? regionPrefix(q.region) : undefined,
          responsibleUnitId: q.unitId,
          flags: q.flags,
          q: q.q,
          dueBefore: q.dueBefore,
          registeredFrom: q.from,
          registeredTo: q.to,
          assigneeUserId: q.assigneeId,
          pendingDelivery: q.pendingDelivery,
          ownerUnitId: q.ownerUnitId,
          personIndex: q.idNumber
            ? { kind: 'id_number', value: deps.crypto.index('id_number', q.idNumber) }
            : q.phone
              ? { kind: 'phone', value: deps.crypto.index('phone', q.phone) }
              : undefined,
        },
        q.after || q.before
          ? { limit: q.pageSize, offset: 0, after: q.after, before: q.before, sort: q.sort }
          : { limit: q.pageSize, offset: (q.page - 1) * q.pageSize, sort: q.sort },
        q.queue,
        q.deadline,
      );
    },
  );

  r.get(
    '/api/work-queues',
    {
      schema: { tags: ['信访事项'], summary: '我的待办：各队列件数', response: { 200: QueueCountsSchema } },
    },
    async (req) => queueCounts(deps, actorOf(req)),
  );

  r.get(
    '/api/petitions/:id',
    {
      schema: {
        tags: ['信访事项'],
        summary: '信访事项详情',
        params: IdParams,
        response: { 200: PetitionDetailSchema },
      },
    },
    async (req) => getPetition(deps, actorOf(req), req.params.id),
  );

  r.get(
    '/api/petitions/:id/petitioners/unmasked',
    {
      schema: {
        tags: ['信访事项'],
        summary: '查看信访人个人信息明文（记入审计日志）',
        params: IdParams,
        response: { 200: z.array(PetitionerViewSchema) },
      },
    },
    async (req) => revealPetitioners(deps, actorOf(req), req.params.id),
  );

  r.get(
    '/api/petitions/:id/staff',
    {
      schema: {
        tags: ['信访事项'],
        summary: '可指定的承办人、回避人员（承办单位及本单位在职工作人员）',
        params: IdParams,
        response: { 200: CaseStaffSchema },
      },
    },
    async (req) => listCaseStaff(deps, actorOf(req), req.params.id),
  );

  r.get(
    '/api/petitions/:id/deadline',
    {
      schema: {
        tags: ['信访事项'],
        summary: '当前期限及计算过程',
        params: IdParams,
        response: { 200: DeadlineExplanationSchema },
      },
    },
    async (req) => explainDeadline(deps, actorOf(req), req.params.id),
  );

  r.get(
    '/api/petitions/:id/documents/:documentId',
    {
      schema: {
        tags: ['信访事项'],
        summary: '下载书面告知文书 (.docx)',
        params: DocParams,
        response: { 200: fileResponse('文书 .docx', DOCX_TYPE) },
      },
    },
    async (req, reply) => {
      const doc = await getDocument(deps, actorOf(req), req.params.id, req.params.documentId);
      return sendDownload(reply, { contentType: DOCX_TYPE, ...doc });
    },
  );

  r.get(
    '/api/petitions/:id/documents/:documentId/receipt',
    {
      schema: {
        tags: ['信访事项'],
        summary: '下载文书的送达回执 (.docx)',
        params: DocParams,
        response: { 200: fileResponse('送达回执 .docx', DOCX_TYPE) },
      },
    },
    async (req, reply) => {
      const doc = await getDeliveryReceipt(deps, actorOf(req), req.params.id, req.params.documentId);
      return sendDownload(reply, { contentType: DOCX_TYPE, ...doc });
    },
  );

  for (const name of Object.keys(CommandSchemas) as CommandName[]) {
    r.post(
      `/api/petitions/:id/${commandPath(name)}`,
      {
        schema: {
          tags: ['办理流程'],
          summary: TRANSITIONS[name].label,
          params: IdParams,
          body: CommandSchemas[name],
          response: { 200: CommandResultSchema },
        },
      },
      async (req) => {
        const result = await runCommand(deps, actorOf(req), req.params.id, name, req.body as never);
        return {
          id: result.petition.id,
          state: result.petition.state,
          version: result.petition.version,
          stageDueOn: result.petition.stageDueOn,
          eventId: result.eventId,
          documentId: result.documentId,
        };
      },
    );
  }
}
