import {
  CommandSchemas,
  type CommandName,
  IsoDateSchema,
  PetitionState,
  RegisterPetitionSchema,
} from '@xinfang/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { DOCX_TYPE, sendDownload } from '../../http/download.ts';
import { TRANSITIONS } from '../../domain/lifecycle.ts';
import {
  explainDeadline,
  getDeliveryReceipt,
  getDocument,
  getPetition,
  searchPetitions,
} from './petition-query.service.ts';
import { revealPetitioners } from './personal-data.service.ts';
import { registerPetition } from './register.service.ts';
import { runCommand } from './transition.service.ts';

const IdParams = z.object({ id: z.uuid('信访事项编号无效') });
const DocParams = IdParams.extend({ documentId: z.uuid('文书编号无效') });
const ListQuery = z.object({
  state: z.union([PetitionState, z.array(PetitionState)]).optional(),
  channel: z.string().optional(),
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
      schema: { tags: ['信访事项'], summary: '登记信访事项', body: RegisterPetitionSchema },
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
    { schema: { tags: ['信访事项'], summary: '信访事项列表', querystring: ListQuery } },
    async (req) => {
      const q = req.query;
      return searchPetitions(
        deps,
        actorOf(req),
        {
          states: q.state ? ([] as string[]).concat(q.state) : undefined,
          channel: q.channel,
          q: q.q,
          dueBefore: q.dueBefore,
          registeredFrom: q.from,
          registeredTo: q.to,
          assigneeUserId: q.assigneeId,
          pendingDelivery: q.pendingDelivery,
          personIndex: q.idNumber
            ? { kind: 'id_number', value: deps.crypto.index('id_number', q.idNumber) }
            : q.phone
              ? { kind: 'phone', value: deps.crypto.index('phone', q.phone) }
              : undefined,
        },
        { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
      );
    },
  );

  r.get(
    '/api/petitions/:id',
    { schema: { tags: ['信访事项'], summary: '信访事项详情', params: IdParams } },
    async (req) => getPetition(deps, actorOf(req), req.params.id),
  );

  r.get(
    '/api/petitions/:id/petitioners/unmasked',
    { schema: { tags: ['信访事项'], summary: '查看信访人个人信息明文（记入审计日志）', params: IdParams } },
    async (req) => revealPetitioners(deps, actorOf(req), req.params.id),
  );

  r.get(
    '/api/petitions/:id/deadline',
    { schema: { tags: ['信访事项'], summary: '当前期限及计算过程', params: IdParams } },
    async (req) => explainDeadline(deps, actorOf(req), req.params.id),
  );

  r.get(
    '/api/petitions/:id/documents/:documentId',
    { schema: { tags: ['信访事项'], summary: '下载书面告知文书 (.docx)', params: DocParams } },
    async (req, reply) => {
      const doc = await getDocument(deps, actorOf(req), req.params.id, req.params.documentId);
      return sendDownload(reply, { contentType: DOCX_TYPE, ...doc });
    },
  );

  r.get(
    '/api/petitions/:id/documents/:documentId/receipt',
    { schema: { tags: ['信访事项'], summary: '下载文书的送达回执 (.docx)', params: DocParams } },
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
