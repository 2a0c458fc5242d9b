import type { CommandName, Role } from '@xinfang/contract';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES } from '../src/modules/documents/notice-templates.ts';
import { type Client, expectStatus, loginAs } from './helpers/api.ts';
import { command, detail, type Registered, register } from './helpers/petitions.ts';
import { DRIVERS } from './helpers/test-db.ts';
import { buildWorld, type World } from './helpers/world.ts';

/** The six roles, each as a user of the county (the handler is the county's 人社局). */
const ROLES: Record<Role, string> = {
  registrar: 'registrar',
  caseworker: 'caseworker',
  handler: 'hrss',
  leader: 'leader',
  supervisor: 'supervisor',
  admin: 'countyadmin',
};
type Target = 'own' | 'other' | 'unknown';
/** Admin routes that create a resource (201); the others answer 200. */
const CREATES = ['POST /api/units', 'POST /api/categories', 'POST /api/users'];
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

const REPLY = { outcome: 'support', request: '诉求', facts: '事实', reasons: '理由', basis: '依据' };
const REVIEW = { outcome: 'uphold', facts: '事实', reasons: '理由', basis: '依据' };

/** Kinds of route, each with its rule for (role, target) → status. */
type Kind =
  | { kind: 'public' }
  | { kind: 'signedIn' }
  | { kind: 'self' }
  | { kind: 'admin'; ids: boolean }
  /** Only the admin of the top-level bureau (the county admin here is not: 403 for every role). */
  | { kind: 'topAdmin' }
  | { kind: 'register' }
  | { kind: 'ledgerImport' }
  | { kind: 'scoped'; status: number; needs?: 'personalData' }
  /** `ok`: the status when the caller may run it but the fixture's body is refused by the use case. */
  | { kind: 'command'; name: CommandName; body: Record<string, unknown>; ok?: number };

type Fixtures = {
  routed: Registered;
  routedDoc: string;
  routedAttachment: string;
  unrouted: Registered;
  foreign: Registered;
  foreignDoc: string;
  foreignAttachment: string;
  countyUnit: string;
  foreignUnit: string;
  category: string;
  /** The county registrar (own for the county admin) and the foreign clerk (out of its scope). */
  users: { USER: string; FOREIGN_USER: string; HRSS_USER: string; SPARE_USER: string };
};

/**
 * Every route of the API and the rule that decides who may call it. A route missing here fails
 * the first test, so a new route cannot ship without an authorization decision.
 */
const MATRIX: Record<string, Kind> = {
  'GET /api/docs': { kind: 'public' },
  'GET /api/docs/static/index.html': { kind: 'public' },
  'GET /api/docs/static/swagger-initializer.js': { kind: 'public' },
  'GET /api/docs/json': { kind: 'public' },
  'GET /api/docs/yaml': { kind: 'public' },
  'GET /api/docs/static/*': { kind: 'public' },
  'GET /': { kind: 'public' },
  'GET /*': { kind: 'public' },
  'GET /api/work-queues': { kind: 'signedIn' },
  'GET /metrics': { kind: 'public' },
  'POST /api/portal/lookup': { kind: 'public' },
  'POST /api/portal/documents/:documentId': { kind: 'public' },
  'GET /api/health': { kind: 'public' },
  'POST /api/auth/login': { kind: 'public' },
  'POST /api/auth/logout': { kind: 'self' },
  'POST /api/auth/logout-all': { kind: 'self' },
  'GET /api/auth/me': { kind: 'self' },
  'GET /api/auth/session': { kind: 'public' },
  'POST /api/auth/password': { kind: 'self' },
  // Drafts are the caller's own rows only (drafts.test.ts: another user reads nothing of them).
  'GET /api/drafts/:key': { kind: 'self' },
  'PUT /api/drafts/:key': { kind: 'self' },
  'DELETE /api/drafts/:key': { kind: 'self' },
  'POST /api/auth/second-factor/setup': { kind: 'self' },
  'POST /api/auth/second-factor/confirm': { kind: 'self' },
  'POST /api/petitions': { kind: 'register' },
  'GET /api/petitions': { kind: 'signedIn' },
  'GET /api/petitions/:id': { kind: 'scoped', status: 200 },
  'GET /api/petitions/:id/petitioners/unmasked': { kind: 'scoped', status: 200, needs: 'personalData' },
  'GET /api/petitions/:id/deadline': { kind: 'scoped', status: 200 },
  'GET /api/petitions/:id/staff': { kind: 'scoped', status: 200 },
  'GET /api/petitions/:id/documents/:documentId': { kind: 'scoped', status: 200 },
  'POST /api/petitions/:id/attachments': { kind: 'scoped', status: 201 },
  'GET /api/petitions/:id/attachments': { kind: 'scoped', status: 200 },
  'GET /api/petitions/:id/attachments/:attachmentId': { kind: 'scoped', status: 200 },
  'POST /api/petitions/:id/triage': {
    kind: 'command',
    name: 'triage',
    body: { kind: 'file', reason: '存档' },
  },
  'POST /api/petitions/:id/sign': { kind: 'command', name: 'sign', body: {} },
  'POST /api/petitions/:id/object': { kind: 'command', name: 'object', body: { reason: '不属本单位职责' } },
  'POST /api/petitions/:id/reassign': { kind: 'command', name: 'reassign', body: { unitId: 'HOUSING' } },
  'POST /api/petitions/:id/accept': { kind: 'command', name: 'accept', body: {} },
  'POST /api/petitions/:id/decline': {
    kind: 'command',
    name: 'decline',
    body: { reason: '理由', legalChannel: '诉讼' },
  },
  'POST /api/petitions/:id/extend': {
    kind: 'command',
    name: 'extend',
    body: { days: 10, reason: '复杂', approverName: '局长' },
  },
  'POST /api/petitions/:id/reply': { kind: 'command', name: 'reply', body: REPLY },
  'POST /api/petitions/:id/evaluate': { kind: 'command', name: 'evaluate', body: { result: 'satisfied' } },
  'POST /api/petitions/:id/conclude': { kind: 'command', name: 'conclude', body: { resolved: true } },
  'POST /api/petitions/:id/request-review': {
    kind: 'command',
    name: 'requestReview',
    body: { reason: '不服', organId: 'COUNTY' },
  },
  'POST /api/petitions/:id/decide-review': { kind: 'command', name: 'decideReview', body: REVIEW },
  'POST /api/petitions/:id/request-re-review': {
    kind: 'command',
    name: 'requestReReview',
    body: { reason: '不服', organId: 'COUNTY' },
  },
  'POST /api/petitions/:id/decide-re-review': { kind: 'command', name: 'decideReReview', body: REVIEW },
  'POST /api/petitions/:id/finalize': { kind: 'command', name: 'finalize', body: { resolved: true } },
  'POST /api/petitions/:id/report-conclusion': {
    kind: 'command',
    name: 'reportConclusion',
    body: { summary: '办结' },
  },
  'POST /api/petitions/:id/approve-conclusion': {
    kind: 'command',
    name: 'approveConclusion',
    body: { resolved: true },
  },
  'POST /api/petitions/:id/send-back': { kind: 'command', name: 'sendBack', body: { reason: '退回' } },
  'POST /api/petitions/:id/follow-up': { kind: 'command', name: 'followUp', body: { result: '回访' } },
  'POST /api/petitions/:id/link-repeat': {
    kind: 'command',
    name: 'linkRepeat',
    body: { originalId: 'ROUTED' },
  },
  // The fresh case has no notice to the petitioner yet: the named document is refused (400).
  'POST /api/petitions/:id/record-delivery': {
    kind: 'command',
    name: 'recordDelivery',
    body: { documentId: 'UNKNOWN', method: 'in_person', deliveredOn: '2026-03-02' },
    ok: 400,
  },
  'POST /api/petitions/:id/record-hearing': {
    kind: 'command',
    name: 'recordHearing',
    body: { startOn: '2026-03-02', endOn: '2026-03-02', place: '会议室', participants: '各方' },
  },
  'POST /api/petitions/:id/assign-handler': {
    kind: 'command',
    name: 'assignHandler',
    body: { userId: 'HRSS_USER' },
  },
  'POST /api/petitions/:id/recuse': {
    kind: 'command',
    name: 'recuse',
    body: { userId: 'HRSS_USER', reason: '与信访人系亲属关系' },
  },
  // The fixture's document is a transfer slip to a unit: it has no 送达回执 (400).
  'GET /api/petitions/:id/documents/:documentId/receipt': { kind: 'scoped', status: 400 },
  'GET /api/units/:id/upper-organs': { kind: 'signedIn' },
  'PUT /api/units/:id/upper-organs': { kind: 'admin', ids: true },
  'GET /api/regions': { kind: 'signedIn' },
  'POST /api/regions': { kind: 'admin', ids: false },
  'GET /api/units': { kind: 'signedIn' },
  'POST /api/units': { kind: 'admin', ids: false },
  'PATCH /api/units/:id': { kind: 'admin', ids: true },
  'GET /api/categories': { kind: 'signedIn' },
  'POST /api/categories': { kind: 'admin', ids: false },
  'PATCH /api/categories/:id': { kind: 'admin', ids: true },
  'GET /api/calendar/:year': { kind: 'signedIn' },
  'PUT /api/calendar/overrides/:date': { kind: 'admin', ids: false },
  'DELETE /api/calendar/overrides/:date': { kind: 'admin', ids: true },
  'POST /api/calendar/import': { kind: 'topAdmin' },
  'GET /api/users': { kind: 'admin', ids: false },
  'POST /api/users': { kind: 'admin', ids: false },
  'PATCH /api/users/:id': { kind: 'admin', ids: true },
  'POST /api/users/:id/reset-password': { kind: 'admin', ids: true },
  'POST /api/users/:id/lock': { kind: 'admin', ids: true },
  'POST /api/users/:id/unlock': { kind: 'admin', ids: true },
  'POST /api/users/:id/second-factor/reset': { kind: 'admin', ids: true },
  'GET /api/settings/policy': { kind: 'signedIn' },
  'PATCH /api/settings/policy': { kind: 'admin', ids: false },
  'GET /api/templates': { kind: 'signedIn' },
  'PUT /api/templates/:kind': { kind: 'admin', ids: false },
  'GET /api/audit/verify': { kind: 'admin', ids: false },
  'GET /api/statistics/report': { kind: 'signedIn' },
  'GET /api/statistics/ranking': { kind: 'signedIn' },
  'GET /api/statistics/deadlines-by-unit': { kind: 'signedIn' },
  'GET /api/statistics/regions': { kind: 'signedIn' },
  'GET /api/ledger/export': { kind: 'signedIn' },
  'POST /api/ledger/import': { kind: 'ledgerImport' },
};

type ByRole = Record<Role, number>;
const refusedAll: ByRole = {
  registrar: 403,
  caseworker: 403,
  handler: 403,
  leader: 403,
  supervisor: 403,
  admin: 403,
};
const conflictAll: ByRole = {
  registrar: 409,
  caseworker: 409,
  handler: 409,
  leader: 409,
  supervisor: 409,
  admin: 409,
};
/**
 * The oracle, written out by hand from the domain rules (docs/time-limits.md, /work/shared/domain.md), NOT from
 * src/domain/lifecycle.ts: the status each county user gets for each command on a case just assigned (交办) to the
 * county 人社局 (state `transferred`). A command the state does not allow answers 409 for everyone; in the right
 * state, a role or a relation to the case that may not run it answers 403. The bureau's users are the registering
 * 信访部门; the 人社局's handler is the responsible unit; the supervisor and the admin run no lifecycle command.
 */
const FROM_TRANSFERRED: Record<CommandName, ByRole> = {
  triage: conflictAll,
  // 签收 and 异议退回 (art. 23): the receiving unit only.
  sign: { ...refusedAll, handler: 200 },
  object: { ...refusedAll, handler: 200 },
  reassign: conflictAll,
  accept: conflictAll,
  decline: conflictAll,
  extend: conflictAll,
  reply: conflictAll,
  evaluate: conflictAll,
  conclude: conflictAll,
  requestReview: conflictAll,
  decideReview: conflictAll,
  requestReReview: conflictAll,
  decideReReview: conflictAll,
  recordHearing: conflictAll,
  finalize: conflictAll,
  reportConclusion: conflictAll,
  approveConclusion: conflictAll,
  sendBack: conflictAll,
  followUp: conflictAll,
  // 重复信访 is linked by the bureau that registers.
  linkRepeat: { ...refusedAll, registrar: 200, caseworker: 200 },
  // 送达 is recorded by whoever sent the notice; the named document does not exist on a fresh case (400).
  recordDelivery: { ...refusedAll, registrar: 400, caseworker: 400, handler: 400 },
  // 承办人: named in the handling unit (a handler may take the case himself), not by the bureau.
  assignHandler: { ...refusedAll, handler: 200 },
  // 回避: declared by the person, or decided in the handling unit or the bureau.
  recuse: { ...refusedAll, caseworker: 200, handler: 200, leader: 200 },
};

/** Bodies and concrete URLs for routes that are not petition-scoped. */
function plainRequest(key: string, f: Fixtures, target: Target, n: number): { url: string; body?: unknown } {
  const [, path] = key.split(' ');
  const id = (own: string, other: string) => (target === 'own' ? own : target === 'other' ? other : UNKNOWN);
  switch (key) {
    case 'POST /api/regions':
      return {
        url: path,
        body: { regions: [{ code: `410225${String(200 + n).padStart(3, '0')}`, name: '测试社区' }] },
      };
    case 'POST /api/units':
      return { url: path, body: { name: `测试单位${n}`, kind: 'department', regionCode: '410225' } };
    case 'PATCH /api/units/:id':
      return { url: `/api/units/${id(f.countyUnit, f.foreignUnit)}`, body: { active: true } };
    case 'GET /api/units/:id/upper-organs':
      return { url: `/api/units/${f.countyUnit}/upper-organs` };
    case 'PUT /api/units/:id/upper-organs':
      return { url: `/api/units/${id(f.countyUnit, f.foreignUnit)}/upper-organs`, body: { organs: [] } };
    case 'POST /api/categories':
      return { url: path, body: { name: `测试分类${n}` } };
    case 'PATCH /api/categories/:id':
      return { url: `/api/categories/${target === 'own' ? f.category : UNKNOWN}`, body: { sort: 1 } };
    case 'GET /api/statistics/report':
      return { url: '/api/statistics/report?from=2026-01-01&to=2026-12-31' };
    case 'GET /api/statistics/regions':
      return { url: '/api/statistics/regions?from=2026-01-01&to=2026-12-31' };
    case 'GET /api/statistics/ranking':
      return { url: '/api/statistics/ranking?period=year&date=2026-03-02' };
    case 'GET /api/ledger/export':
      return { url: '/api/ledger/export?from=2026-01-01&to=2026-12-31' };
    case 'GET /api/calendar/:year':
      return { url: '/api/calendar/2026' };
    case 'PUT /api/calendar/overrides/:date':
      return { url: '/api/calendar/overrides/2030-01-02', body: { kind: 'holiday', name: '测试' } };
    case 'DELETE /api/calendar/overrides/:date':
      return { url: `/api/calendar/overrides/${target === 'own' ? '2030-01-02' : '2030-01-03'}` };
    case 'POST /api/calendar/import':
      return { url: path, body: { text: '2030-01-01,holiday,元旦' } };
    case 'POST /api/users':
      return {
        url: path,
        body: { username: `matrix${n}`, displayName: '测试', unitId: 'COUNTY', roles: ['registrar'] },
      };
    case 'PATCH /api/users/:id':
      return { url: `/api/users/${id('USER', 'FOREIGN_USER')}`, body: { active: true } };
    // Reset and lock end the user's sessions: aimed at a user no test client is signed in as.
    case 'POST /api/users/:id/reset-password':
    case 'POST /api/users/:id/lock':
    case 'POST /api/users/:id/unlock':
      return { url: path.replace(':id', id('SPARE_USER', 'FOREIGN_USER')) };
    // A user no client of the matrix signs in as: the reset ends that user's sessions.
    case 'POST /api/users/:id/second-factor/reset':
      return { url: `/api/users/${id('SPARE_USER', 'FOREIGN_USER')}/second-factor/reset` };
    case 'PATCH /api/settings/policy':
      return { url: path, body: { limits: { nearDueDays: 3 } } };
    case 'PUT /api/templates/:kind':
      return {
        url: '/api/templates/acceptance',
        body: {
          title: DEFAULT_TEMPLATES.acceptance.title,
          paragraphs: DEFAULT_TEMPLATES.acceptance.paragraphs,
        },
      };
    default:
      return { url: path };
  }
}

describe.each(DRIVERS)('authorization matrix generated from the route table [%s]', (driver) => {
  let world: World;
  let clients: Record<Role, Client>;
  let foreignClerk: Client;
  let f: Fixtures;
  let counter = 0;

  const substitute = (value: unknown): unknown =>
    JSON.parse(
      JSON.stringify(value)
        .replaceAll('"HOUSING"', JSON.stringify(world.units.housing.id))
        .replaceAll('"COUNTY"', JSON.stringify(world.units.county.id))
        .replaceAll('"ROUTED"', JSON.stringify(f.routed.id))
        .replaceAll('"UNKNOWN"', JSON.stringify(UNKNOWN))
        .replaceAll('"HRSS_USER"', JSON.stringify(f.users.HRSS_USER)),
    );

  async function upload(client: Client, petitionId: string): Promise<LightMyRequestResponse> {
    const boundary = '----matrix';
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="说明.txt"\r\nContent-Type: text/plain\r\n\r\n情况说明\r\n--${boundary}--\r\n`;
    const { cookie, csrf } = client.session();
    return world.app.inject({
      method: 'POST',
      url: `/api/petitions/${petitionId}/attachments`,
      headers: {
        cookie: `xf_session=${cookie}`,
        'x-csrf-token': csrf,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload,
    });
  }

  async function uploadLedger(client: Client): Promise<LightMyRequestResponse> {
    const boundary = '----ledger';
    const csv = '登记日期,信访形式,信访人,内容分类,诉求内容\n2026-03-01,来访,测试人,其他,矩阵测试导入\n';
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="台账.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
    const { cookie, csrf } = client.session();
    return world.app.inject({
      method: 'POST',
      url: '/api/ledger/import',
      headers: {
        cookie: `xf_session=${cookie}`,
        'x-csrf-token': csrf,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload,
    });
  }

  beforeAll(async () => {
    world = await buildWorld(driver);
    const now = () => world.clock.now;
    clients = Object.fromEntries(
      await Promise.all(
        Object.entries(ROLES).map(async ([role, user]) => [role, await loginAs(world.app, user, { now })]),
      ),
    ) as Record<Role, Client>;
    foreignClerk = await loginAs(world.app, 'otherclerk', { now });
    const routed = await register(clients.registrar, {
      petitioners: [{ name: '本县甲' }],
      content: '本县在办事项：反映工资拖欠问题。',
    });
    await command(clients.caseworker, routed.id, 'triage', { kind: 'assign', unitId: world.units.hrss.id });
    const routedDetail = await detail(clients.caseworker, routed.id);
    const unrouted = await register(clients.registrar, {
      petitioners: [{ name: '本县乙' }],
      content: '本县未转送事项：反映道路破损问题。',
    });
    const foreign = await register(foreignClerk, {
      regionCode: '410221',
      petitioners: [{ name: '外县丙' }],
      content: '外县事项：反映杞县某企业欠薪问题。',
    });
    await command(foreignClerk, foreign.id, 'triage', { kind: 'assign', unitId: world.units.otherHrss.id });
    const foreignDetail = await detail(foreignClerk, foreign.id);
    const users = expectStatus(await clients.admin.get('/api/users'), 200) as unknown as Array<{
      id: string;
      username: string;
    }>;
    const categories = expectStatus(await clients.admin.get('/api/categories'), 200) as unknown as Array<{
      id: string;
    }>;
    f = {
      routed,
      routedDoc: routedDetail.documents[0].id,
      routedAttachment: (expectStatus(await upload(clients.registrar, routed.id), 201) as { id: string }).id,
      unrouted,
      foreign,
      foreignDoc: foreignDetail.documents[0].id,
      foreignAttachment: (expectStatus(await upload(foreignClerk, foreign.id), 201) as { id: string }).id,
      countyUnit: world.units.housing.id,
      foreignUnit: world.units.otherHrss.id,
      category: categories[0].id,
      users: {
        USER: users.find((u) => u.username === 'registrar')!.id,
        HRSS_USER: users.find((u) => u.username === 'hrss')!.id,
        SPARE_USER: users.find((u) => u.username === 'hrss2')!.id,
        FOREIGN_USER: (await foreignUserId()) ?? UNKNOWN,
      },
    };
  });
  afterAll(async () => world?.close());

  async function foreignUserId(): Promise<string | undefined> {
    const all = expectStatus(await foreignClerk.get('/api/users'), 200) as unknown as Array<{
      id: string;
      username: string;
    }>;
    return all.find((u) => u.username === 'otherclerk')?.id;
  }

  const send = (client: Client | null, method: string, url: string, body?: unknown) => {
    const headers = client
      ? { cookie: `xf_session=${client.session().cookie}`, 'x-csrf-token': client.session().csrf }
      : {};
    return world.app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(body === undefined ? {} : { payload: body as object }),
    });
  };

  /** Out-of-scope data must never appear in a response, whatever its status. */
  const foreignMarkers = () => [f.foreign.caseNo, '外县丙', '外县事项'];
  const expectNoForeignData = (res: LightMyRequestResponse, label: string) => {
    for (const marker of foreignMarkers())
      expect(res.body.includes(marker), `${label} leaks ${marker}`).toBe(false);
  };

  it('has a rule for every route (a new route without an entry fails here)', () => {
    const keys = world.app.routeTable.map((r) => `${r.method} ${r.url}`);
    expect(keys.filter((k) => !(k in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((k) => !keys.includes(k))).toEqual([]);
  });

  it('refuses every non-public route without a session (401)', async () => {
    for (const route of world.app.routeTable) {
      const key = `${route.method} ${route.url}`;
      const kind = MATRIX[key];
      const url = route.url
        .replace(':id', f.routed.id)
        .replace(':documentId', f.routedDoc)
        .replace(':attachmentId', f.routedAttachment)
        .replace(':year', '2026')
        .replace(':date', '2030-01-05')
        .replace(':kind', 'acceptance')
        .replace('*', 'index.css');
      const res = await send(
        null,
        route.method,
        url,
        route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
      );
      if (kind.kind === 'public') expect(res.statusCode, key).not.toBe(401);
      else expect(res.statusCode, key).toBe(401);
    }
  });

  for (const role of Object.keys(ROLES) as Role[]) {
    it(`gives the expected status to ${role} on every route × (own, out-of-scope, unknown)`, async () => {
      const client = clients[role];
      const isHandler = role === 'handler';
      const users = f.users;
      for (const [key, kind] of Object.entries(MATRIX)) {
        const [method, path] = key.split(' ');
        const label = `${role} ${key}`;
        if (kind.kind === 'public' || kind.kind === 'self') continue;
        if (kind.kind === 'signedIn') {
          const res = await send(client, method, plainRequest(key, f, 'own', counter++).url);
          expect(res.statusCode, label).toBe(200);
          expectNoForeignData(res, label);
          if (key === 'GET /api/petitions' && isHandler)
            expect(res.body.includes(f.unrouted.caseNo), label).toBe(false);
          continue;
        }
        if (kind.kind === 'topAdmin') {
          const req = plainRequest(key, f, 'own', counter++);
          const res = await send(client, method, req.url, req.body);
          expect(res.statusCode, label).toBe(403);
          continue;
        }
        if (kind.kind === 'ledgerImport') {
          const res = await uploadLedger(client);
          expect(res.statusCode, `${label} ${res.body.slice(0, 200)}`).toBe(
            role === 'caseworker' || role === 'admin' ? 200 : 403,
          );
          continue;
        }
        if (kind.kind === 'register') {
          const res = await send(client, method, path, {
            channel: 'visit',
            purpose: 'solution',
            regionCode: '410225',
            petitioners: [{ name: '测试' }],
            content: '测试登记',
          });
          expect(res.statusCode, label).toBe(role === 'registrar' || role === 'caseworker' ? 201 : 403);
          continue;
        }
        if (kind.kind === 'admin') {
          const targets: Target[] = kind.ids ? ['own', 'other', 'unknown'] : ['own'];
          for (const target of targets) {
            const req = plainRequest(key, f, target, counter++);
            const url = req.url
              .replace('FOREIGN_USER', users.FOREIGN_USER)
              .replace('SPARE_USER', users.SPARE_USER)
              .replace('USER', users.USER);
            const res = await send(
              client,
              method,
              url,
              req.body === undefined ? undefined : substitute(req.body),
            );
            const expected =
              role !== 'admin' ? 403 : target === 'own' ? (CREATES.includes(key) ? 201 : 200) : 404;
            expect(res.statusCode, `${label} [${target}] ${res.body.slice(0, 200)}`).toBe(expected);
            expectNoForeignData(res, label);
          }
          continue;
        }
        const own = f.routed;
        const other = isHandler ? f.unrouted : f.foreign;
        for (const target of ['own', 'other', 'unknown'] as Target[]) {
          const petitionId = target === 'own' ? own.id : target === 'other' ? other.id : UNKNOWN;
          if (kind.kind === 'scoped') {
            const url = path
              .replace(':id', petitionId)
              .replace(':documentId', target === 'own' ? f.routedDoc : f.foreignDoc)
              .replace(':attachmentId', target === 'own' ? f.routedAttachment : f.foreignAttachment);
            const res =
              method === 'POST' ? await upload(client, petitionId) : await send(client, method, url);
            const allowed = kind.needs === 'personalData' ? role === 'caseworker' : true;
            const expected = target !== 'own' ? 404 : allowed ? kind.status : 403;
            expect(res.statusCode, `${label} [${target}]`).toBe(expected);
            expectNoForeignData(res, label);
            continue;
          }
          // Lifecycle commands: a fresh case routed to the county's 人社局 for "own".
          let id = petitionId;
          let version = 1;
          if (target === 'own') {
            const fresh = await register(clients.registrar, { content: `矩阵测试事项 ${counter++}` });
            await command(clients.caseworker, fresh.id, 'triage', {
              kind: 'assign',
              unitId: world.units.hrss.id,
            });
            id = fresh.id;
            version = (await detail(clients.caseworker, fresh.id)).version;
          }
          const res = await send(client, method, path.replace(':id', id), {
            version,
            ...(substitute(kind.body) as object),
          });
          const expected = target === 'own' ? FROM_TRANSFERRED[kind.name][role] : 404;
          expect(res.statusCode, `${label} [${target}] ${res.body.slice(0, 200)}`).toBe(expected);
          expectNoForeignData(res, label);
        }
      }
    });
  }

  it('counts in statistics and exports exactly the petitions each role may list', async () => {
    const ExcelJS = (await import('exceljs')).default;
    for (const role of Object.keys(ROLES) as Role[]) {
      const client = clients[role];
      const listed = expectStatus(
        await client.get('/api/petitions?from=2026-01-01&to=2026-12-31&pageSize=1'),
        200,
      ).total as number;
      const report = expectStatus(
        await client.get('/api/statistics/report?from=2026-01-01&to=2026-12-31'),
        200,
      ) as { total: { batches: number } };
      expect(report.total.batches, role).toBe(listed);
      const exported = await client.get('/api/ledger/export?from=2026-01-01&to=2026-12-31');
      expect(exported.statusCode, role).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(exported.rawPayload as never);
      const sheet = workbook.worksheets[0];
      expect(sheet.rowCount - 1, role).toBe(listed);
      const numbers = sheet.getColumn(1).values.map(String);
      expect(numbers.includes(f.foreign.caseNo), role).toBe(false);
      if (role === 'handler') expect(numbers.includes(f.unrouted.caseNo)).toBe(false);
    }
  });

  /**
   * Every lifecycle command, reached from a state where the domain allows it, against a hand-written oracle: the
   * county's six roles plus the 人社局's head (leader of the responsible unit), the county government (the 复查 organ
   * once addressed) and the city bureau (the bureau above, and the unit that assigned a case from above). 200 for
   * who may run it (each on a fresh case, since it moves the state), 403 for a role or relation that may not, 404
   * where the case is outside the caller's scope.
   */
  // Some 150 commands on a busy machine: a generous limit, never a race against the clock.
  it('reaches every lifecycle command from a state where it is allowed; the oracle decides who may run it', async () => {
    type Actor = Role | 'hrsshead' | 'countygov' | 'cityworker';
    const now = () => world.clock.now;
    const extra = {
      hrsshead: await loginAs(world.app, 'hrsshead', { now }),
      countygov: await loginAs(world.app, 'countygov', { now }),
      cityworker: await loginAs(world.app, 'cityworker', { now }),
      citygov: await loginAs(world.app, 'citygov', { now }),
    };
    const as = (a: Actor): Client => (a in extra ? extra[a as keyof typeof extra] : clients[a as Role]);
    const { registrar, caseworker, handler } = clients;
    const run = (c: Client, id: string, path: string, body: Record<string, unknown> = {}) =>
      command(c, id, path, body);
    /** How a fresh case is driven to each state, by the users whose step it is. */
    const to: Record<string, () => Promise<string>> = {};
    to.registered = async () =>
      (await register(registrar, { purpose: 'appeal', content: `矩阵命令 ${counter++}` })).id;
    to.transferred = async () => {
      const id = await to.registered();
      await run(caseworker, id, 'triage', { kind: 'assign', unitId: world.units.hrss.id });
      return id;
    };
    to.returned = async () => {
      const id = await to.transferred();
      await run(handler, id, 'object', { reason: '不属本单位职责' });
      return id;
    };
    to.pendingAcceptance = async () => {
      const id = await to.transferred();
      await run(handler, id, 'sign');
      return id;
    };
    to.accepted = async () => {
      const id = await to.pendingAcceptance();
      await run(handler, id, 'accept');
      return id;
    };
    to.replied = async () => {
      const id = await to.accepted();
      await run(handler, id, 'reply', REPLY);
      return id;
    };
    to.concluded = async () => {
      const id = await to.replied();
      await run(caseworker, id, 'conclude', { resolved: true });
      return id;
    };
    to.reviewRequested = async () => {
      const id = await to.replied();
      await run(caseworker, id, 'request-review', { reason: '不服', organId: world.units.countyGov.id });
      return id;
    };
    to.reviewed = async () => {
      const id = await to.reviewRequested();
      await run(extra.countygov, id, 'decide-review', REVIEW);
      return id;
    };
    to.reReviewRequested = async () => {
      const id = await to.reviewed();
      await run(caseworker, id, 'request-re-review', { reason: '不服', organId: world.units.cityGov.id });
      return id;
    };
    to.reReviewed = async () => {
      const id = await to.reReviewRequested();
      await run(extra.citygov, id, 'decide-re-review', REVIEW);
      return id;
    };
    to.fromAboveReplied = async () => {
      const { id } = await register(registrar, {
        purpose: 'appeal',
        source: 'from_above',
        sourceUnitId: world.units.city.id,
        sourceNote: '市信访局交办',
        content: `矩阵上级交办 ${counter++}`,
      });
      await run(caseworker, id, 'triage', { kind: 'assign', unitId: world.units.hrss.id });
      await run(handler, id, 'sign');
      await run(handler, id, 'accept');
      await run(handler, id, 'reply', REPLY);
      return id;
    };
    to.reported = async () => {
      const id = await to.fromAboveReplied();
      await run(handler, id, 'report-conclusion', { summary: '办结' });
      return id;
    };
    const replyDoc = async (id: string) => ({
      documentId: (await detail(caseworker, id)).documents.filter((d) => d.kind === 'reply').at(-1)!.id,
      method: 'in_person',
      deliveredOn: '2026-03-02',
    });
    const original = f.routed.id;
    const bureauOnly = { registrar: 403, caseworker: 403, leader: 403, supervisor: 403, admin: 403 };
    /** The oracle: command → the state it is tried from, its body, and each actor's status (by hand). */
    const ORACLE: Array<{
      path: string;
      state: keyof typeof to;
      body: (id: string) => Promise<Record<string, unknown>> | Record<string, unknown>;
      expect: Partial<Record<Actor, number>>;
    }> = [
      // 分流 by the 信访部门 that received it (art. 22), not by the city bureau above it; the 人社局 does not see an
      // unrouted case.
      {
        path: 'triage',
        state: 'registered',
        body: () => ({ kind: 'file', reason: '存档' }),
        expect: {
          ...bureauOnly,
          registrar: 200,
          caseworker: 200,
          cityworker: 403,
          handler: 404,
          hrsshead: 404,
        },
      },
      {
        path: 'sign',
        state: 'transferred',
        body: () => ({}),
        expect: { ...bureauOnly, handler: 200, hrsshead: 403 },
      },
      {
        path: 'object',
        state: 'transferred',
        body: () => ({ reason: '不属本单位职责' }),
        expect: { ...bureauOnly, handler: 200, hrsshead: 403 },
      },
      {
        path: 'reassign',
        state: 'returned',
        body: () => ({ unitId: world.units.housing.id }),
        // 改派 by the sender (the county bureau), not by the bureau above it.
        expect: { ...bureauOnly, caseworker: 200, cityworker: 403, handler: 403, hrsshead: 403 },
      },
      {
        path: 'accept',
        state: 'pendingAcceptance',
        body: () => ({}),
        expect: { ...bureauOnly, handler: 200, hrsshead: 403 },
      },
      {
        path: 'decline',
        state: 'pendingAcceptance',
        body: () => ({ reason: '理由', legalChannel: '诉讼' }),
        expect: { ...bureauOnly, handler: 200, hrsshead: 403 },
      },
      {
        path: 'extend',
        state: 'accepted',
        body: () => ({ days: 10, reason: '复杂', approverName: '局长' }),
        expect: { ...bureauOnly, handler: 200, hrsshead: 403 },
      },
      {
        path: 'reply',
        state: 'accepted',
        body: () => REPLY,
        expect: { ...bureauOnly, handler: 200, hrsshead: 403 },
      },
      {
        path: 'evaluate',
        state: 'replied',
        body: () => ({ result: 'satisfied' }),
        expect: { ...bureauOnly, registrar: 200, caseworker: 200, handler: 200, hrsshead: 403 },
      },
      {
        path: 'conclude',
        state: 'replied',
        body: () => ({ resolved: true }),
        expect: { ...bureauOnly, caseworker: 200, handler: 200, hrsshead: 403 },
      },
      // 复查 is asked of the organ one level up (art. 35), recorded by the bureau.
      {
        path: 'request-review',
        state: 'replied',
        body: () => ({ reason: '不服', organId: world.units.countyGov.id }),
        expect: { ...bureauOnly, registrar: 200, caseworker: 200, handler: 403, hrsshead: 403 },
      },
      // Decided by the addressed organ, or recorded for it by the bureau; never by the handling unit.
      {
        path: 'decide-review',
        state: 'reviewRequested',
        body: () => REVIEW,
        expect: { ...bureauOnly, caseworker: 200, countygov: 200, handler: 403, hrsshead: 403 },
      },
      {
        path: 'request-re-review',
        state: 'reviewed',
        body: () => ({ reason: '不服', organId: world.units.cityGov.id }),
        expect: { ...bureauOnly, registrar: 200, caseworker: 200, handler: 403, hrsshead: 403 },
      },
      {
        path: 'decide-re-review',
        state: 'reReviewRequested',
        body: () => REVIEW,
        expect: { ...bureauOnly, caseworker: 200, handler: 403, hrsshead: 403 },
      },
      {
        path: 'record-hearing',
        state: 'reReviewRequested',
        body: () => ({ startOn: '2026-03-02', endOn: '2026-03-02', place: '会议室', participants: '各方' }),
        expect: { ...bureauOnly, caseworker: 200, handler: 403, hrsshead: 403 },
      },
      // 终结 after 复核 (art. 36), recorded by the bureau.
      {
        path: 'finalize',
        state: 'reReviewed',
        body: () => ({ resolved: true }),
        expect: { ...bureauOnly, caseworker: 200, cityworker: 200, handler: 403, hrsshead: 403 },
      },
      // A case from above reports upward (上报办结) instead of concluding.
      {
        path: 'report-conclusion',
        state: 'fromAboveReplied',
        body: () => ({ summary: '办结' }),
        expect: { ...bureauOnly, caseworker: 200, handler: 200, hrsshead: 403 },
      },
      // 审核办结 / 退回: only the unit above that assigned it (the city bureau).
      {
        path: 'approve-conclusion',
        state: 'reported',
        body: () => ({ resolved: true }),
        expect: { ...bureauOnly, cityworker: 200, handler: 403, hrsshead: 403 },
      },
      {
        path: 'send-back',
        state: 'reported',
        body: () => ({ reason: '退回' }),
        expect: { ...bureauOnly, cityworker: 200, handler: 403, hrsshead: 403 },
      },
      // 回访 after conclusion: the bureau and the handling unit, their leaders included.
      {
        path: 'follow-up',
        state: 'concluded',
        body: () => ({ result: '回访' }),
        expect: { ...bureauOnly, caseworker: 200, handler: 200, leader: 200, hrsshead: 200 },
      },
      {
        path: 'link-repeat',
        state: 'transferred',
        body: () => ({ originalId: original }),
        expect: { ...bureauOnly, registrar: 200, caseworker: 200, handler: 403, hrsshead: 403 },
      },
      {
        path: 'record-delivery',
        state: 'replied',
        body: replyDoc,
        expect: { ...bureauOnly, registrar: 200, caseworker: 200, handler: 200, hrsshead: 403 },
      },
      {
        path: 'assign-handler',
        state: 'transferred',
        body: () => ({ userId: f.users.HRSS_USER }),
        expect: { ...bureauOnly, handler: 200, hrsshead: 200 },
      },
      {
        path: 'recuse',
        state: 'transferred',
        body: () => ({ userId: f.users.HRSS_USER, reason: '与信访人系亲属关系' }),
        expect: { ...bureauOnly, caseworker: 200, leader: 200, handler: 200, hrsshead: 200 },
      },
    ];
    // Every command of the lifecycle is in the oracle.
    const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const commands = Object.values(MATRIX).flatMap((k) => (k.kind === 'command' ? [kebab(k.name)] : []));
    expect(ORACLE.map((o) => o.path).sort()).toEqual([...commands].sort());
    const mismatches: string[] = [];
    const attempt = async (actor: Actor, row: (typeof ORACLE)[number], id: string) => {
      const version = (await detail(caseworker, id)).version;
      const res = await as(actor).post(`/api/petitions/${id}/${row.path}`, {
        version,
        ...(await row.body(id)),
      });
      if (res.statusCode !== row.expect[actor])
        mismatches.push(
          `${actor} ${row.path}: expected ${row.expect[actor]}, got ${res.statusCode} ${res.body.slice(0, 160)}`,
        );
    };
    world.clock.set('2026-03-02T02:00:00Z');
    for (const row of ORACLE) {
      const refused = (Object.keys(row.expect) as Actor[]).filter((a) => row.expect[a] !== 200);
      const shared = await to[row.state]();
      for (const actor of refused) await attempt(actor, row, shared);
      for (const actor of (Object.keys(row.expect) as Actor[]).filter((a) => row.expect[a] === 200))
        await attempt(actor, row, await to[row.state]());
    }
    expect(mismatches).toEqual([]);
  }, 1_800_000);

  it('lets every user manage their own session only', async () => {
    for (const user of Object.values(ROLES)) {
      const c = await loginAs(world.app, user, { now: () => world.clock.now });
      expect((await c.get('/api/auth/me')).json().username).toBe(user);
      expect(
        (await c.post('/api/auth/password', { currentPassword: 'wrong', newPassword: 'Another#Pass2026' }))
          .statusCode,
      ).toBe(400);
      expect((await c.post('/api/auth/logout')).statusCode).toBe(200);
      expect((await c.get('/api/auth/me')).statusCode).toBe(401);
    }
  });
});
