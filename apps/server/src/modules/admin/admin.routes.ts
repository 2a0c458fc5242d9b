import {
  AuditVerdictSchema,
  NoticeKind,
  NoticeTemplateSavedSchema,
  NoticeTemplateViewSchema,
  PasswordResetSchema,
  PolicySummarySchema,
  PolicyUpdatedSchema,
  Role,
  SecondFactorResetSchema,
  UserCreatedSchema,
  UserLockSchema,
  UserRefSchema,
  UserSchema,
} from '@xinfang/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { NoticeTemplateSchema } from '../documents/notice-templates.ts';
import { verifyAuditChain } from '../audit/audit.service.ts';
import { PolicyPatchSchema } from '../../domain/policy.ts';
import { getPolicy, getTemplates, putTemplate, updatePolicy } from './settings.service.ts';
import { resetSecondFactor } from '../auth/second-factor.service.ts';
import { createUser, editUser, getUsers, resetPassword, setLocked } from './users.service.ts';
import { nonEmptyPatch } from '../../http/patch-body.ts';

const admin = { access: { roles: ['admin'] as const } };
/** A region subtree a leader outside the bureau may read. */
const RegionGrant = z
  .string()
  .regex(/^\d{6}(\d{3})?(\d{3})?$/, '授权区域应为行政区划代码')
  .nullable()
  .optional();

export function adminRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/users',
    {
      schema: { tags: ['系统管理'], summary: '用户列表', response: { 200: z.array(UserSchema) } },
      config: admin,
    },
    async (req) => getUsers(deps, actorOf(req)),
  );
  r.post(
    '/api/users',
    {
      schema: {
        tags: ['系统管理'],
        summary: '新增用户（返回一次性密码）',
        body: z.object({
          username: z
            .string()
            .trim()
            .regex(/^[a-zA-Z0-9_.-]{3,32}$/, '用户名为3-32位字母、数字或 _ . -'),
          displayName: z.string().trim().min(1, '请填写姓名').max(50),
          unitId: z.uuid('所属单位无效'),
          roles: z.array(Role).min(1, '至少选择一个角色'),
          canViewPersonalData: z.boolean().optional(),
          regionGrant: RegionGrant,
        }),
        response: { 201: UserCreatedSchema },
      },
      config: admin,
    },
    async (req, reply) => reply.status(201).send(await createUser(deps, actorOf(req), req.body)),
  );
  r.patch(
    '/api/users/:id',
    {
      schema: {
        tags: ['系统管理'],
        summary: '修改用户',
        params: z.object({ id: z.uuid() }),
        body: nonEmptyPatch(
          z.object({
            displayName: z.string().trim().min(1).max(50).optional(),
            roles: z.array(Role).min(1).optional(),
            active: z.boolean().optional(),
            canViewPersonalData: z.boolean().optional(),
            regionGrant: RegionGrant,
            unitId: z.uuid().optional(),
          }),
        ),
        response: { 200: UserRefSchema },
      },
      config: admin,
    },
    async (req) => editUser(deps, actorOf(req), req.params.id, req.body),
  );
  const UserParams = z.object({ id: z.uuid('用户编号无效') });
  /** One admin action on one user account: POST /api/users/:id/<action>, admin only, no body. */
  const userAction = (
    action: string,
    summary: string,
    response: z.ZodType,
    run: (actor: ReturnType<typeof actorOf>, userId: string) => Promise<unknown>,
  ): void => {
    r.post(
      `/api/users/:id/${action}`,
      {
        schema: { tags: ['系统管理'], summary, params: UserParams, response: { 200: response } },
        config: admin,
      },
      async (req) => run(actorOf(req), req.params.id),
    );
  };
  userAction(
    'reset-password',
    '重置用户密码（返回一次性密码，仅显示一次）',
    PasswordResetSchema,
    (actor, id) => resetPassword(deps, actor, id),
  );
  userAction('lock', '锁定用户（结束其全部会话）', UserLockSchema, (actor, id) =>
    setLocked(deps, actor, id, true),
  );
  userAction('unlock', '解锁用户', UserLockSchema, (actor, id) => setLocked(deps, actor, id, false));
  userAction(
    'second-factor/reset',
    '重置用户的动态验证码（手机丢失时；用户须重新绑定，其会话全部结束）',
    SecondFactorResetSchema,
    (actor, id) => resetSecondFactor(deps, actor, id),
  );
  r.get(
    '/api/settings/policy',
    {
      schema: {
        tags: ['系统管理'],
        summary: '本局时限规则（含继承与法定上限）',
        response: { 200: PolicySummarySchema },
      },
    },
    async (req) => getPolicy(deps, actorOf(req)),
  );
  r.patch(
    '/api/settings/policy',
    {
      schema: {
        tags: ['系统管理'],
        summary: '修改本局时限规则（不得超过法定期限；重算在办件期限）',
        body: nonEmptyPatch(PolicyPatchSchema),
        response: { 200: PolicyUpdatedSchema },
      },
      config: admin,
    },
    async (req) => updatePolicy(deps, actorOf(req), req.body),
  );
  r.get(
    '/api/templates',
    {
      schema: {
        tags: ['系统管理'],
        summary: '文书模板',
        response: { 200: z.array(NoticeTemplateViewSchema) },
      },
    },
    async () => getTemplates(deps),
  );
  r.put(
    '/api/templates/:kind',
    {
      schema: {
        tags: ['系统管理'],
        summary: '修改文书模板',
        params: z.object({ kind: NoticeKind }),
        body: NoticeTemplateSchema.omit({ kind: true }),
        response: { 200: NoticeTemplateSavedSchema },
      },
      config: admin,
    },
    async (req) => putTemplate(deps, actorOf(req), req.params.kind, req.body),
  );
  r.get(
    '/api/audit/verify',
    {
      schema: { tags: ['系统管理'], summary: '校验审计日志哈希链', response: { 200: AuditVerdictSchema } },
      config: admin,
    },
    async () => verifyAuditChain(deps),
  );
}
