import { type Channel, type PetitionState, ROLE_LABELS, type Role, STATE_LABELS } from '@xinfang/contract';
import type { Deps } from '../deps.ts';
import { todayIn } from '../deps.ts';
import { idNumberCheckDigit } from '../domain/id-number.ts';
import { createUser } from '../modules/admin/users.service.ts';
import { type Actor, systemActor } from '../modules/auth/actor.ts';
import { findUserByUsername, listUsers } from '../modules/auth/auth.repo.ts';
import { DEMO_CITY_CODE, DEMO_COUNTY_CODE, DEMO_REGIONS } from '../modules/reference/data/demo-regions.ts';
import {
  insertUnit,
  listCategories,
  listUnits,
  listUpperOrgans,
  replaceUpperOrgans,
  type UnitRow,
  updateUnit,
} from '../modules/reference/reference.repo.ts';
import { seedDefaultCategories, seedRegions } from '../modules/reference/reference-seed.service.ts';
import { registerPetition } from '../modules/petitions/register.service.ts';
import { runCommand } from '../modules/petitions/transition.service.ts';
import { CASE_TEMPLATES, type CaseTemplate, DEMO_DEPARTMENTS, GIVEN, SURNAMES } from './demo-data.ts';

export const DEMO_PASSWORD = 'Demo#Xinfang2026';

/** A small deterministic generator, so every demo load looks the same. */
function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
  };
}

type Units = {
  bureau: UnitRow;
  city: UnitRow;
  departments: Map<string, UnitRow>;
  townships: UnitRow[];
  court: UnitRow;
  discipline: UnitRow;
  countyGov: UnitRow;
  cityGov: UnitRow;
};

async function ensureUnits(deps: Deps): Promise<Units> {
  await seedRegions(deps.db, DEMO_REGIONS);
  await seedDefaultCategories(deps.db);
  const existing = await listUnits(deps.db);
  const ensure = async (name: string, kind: UnitRow['kind'], regionCode: string) =>
    existing.find((u) => u.name === name) ?? insertUnit(deps.db, { name, kind, regionCode });
  const bureau =
    existing.find((u) => u.kind === 'bureau' && u.regionCode === DEMO_COUNTY_CODE) ??
    (await ensure('兰考县信访局', 'bureau', DEMO_COUNTY_CODE));
  const city = await ensure('开封市信访局', 'bureau', DEMO_CITY_CODE);
  const departments = new Map<string, UnitRow>();
  for (const name of DEMO_DEPARTMENTS)
    departments.set(name, await ensure(name.replace(/^县/, '兰考县'), 'department', DEMO_COUNTY_CODE));
  const townships: UnitRow[] = [];
  for (const r of DEMO_REGIONS.filter((x) => x.code.length === 9))
    townships.push(await ensure(`${r.name}人民政府`, 'township', r.code));
  const court = await ensure('兰考县人民法院', 'court', DEMO_COUNTY_CODE);
  const discipline = await ensure('兰考县纪委监委', 'discipline', DEMO_COUNTY_CODE);
  departments.set('县人民法院', court);
  departments.set('县纪委监委', discipline);
  // 上一级机关、单位 (《信访工作条例》第三十五、三十六条): departments and townships answer to the
  // county government, the county government to the city's.
  const countyGov = await ensure('兰考县人民政府', 'government', DEMO_COUNTY_CODE);
  const cityGov = await ensure('开封市人民政府', 'government', DEMO_CITY_CODE);
  for (const unit of [bureau, ...departments.values(), ...townships]) {
    if ((await listUpperOrgans(deps.db, unit.id)).length === 0)
      await replaceUpperOrgans(deps.db, unit.id, [{ upperUnitId: countyGov.id, relation: 'government' }]);
  }
  if ((await listUpperOrgans(deps.db, countyGov.id)).length === 0)
    await replaceUpperOrgans(deps.db, countyGov.id, [{ upperUnitId: cityGov.id, relation: 'government' }]);
  if (!bureau.docAbbrev) await updateUnit(deps.db, bureau.id, { docAbbrev: '兰信' });
  if (!city.docAbbrev) await updateUnit(deps.db, city.id, { docAbbrev: '汴信' });
  return { bureau, city, departments, townships, court, discipline, countyGov, cityGov };
}

type DemoAccount = { username: string; displayName: string; unit: UnitRow; roles: Role[] };

function demoAccounts(units: Units): DemoAccount[] {
  const rows: Array<[string, string, UnitRow, Role[]]> = [
    ['dengji', '李登记', units.bureau, ['registrar']],
    ['yewu', '王业务', units.bureau, ['caseworker']],
    ['lingdao', '赵县长', units.bureau, ['leader']],
    ['ducha', '孙督查', units.bureau, ['supervisor']],
    ['shiju', '周市局', units.city, ['caseworker']],
    ['renshe', '陈人社', units.departments.get('县人力资源和社会保障局')!, ['handler']],
    ['zhujian', '刘住建', units.departments.get('县住房和城乡建设局')!, ['handler']],
    ['chengguan', '张城关', units.townships[0], ['handler']],
    ['jiwei', '吴纪委', units.discipline, ['handler', 'caseworker']],
  ];
  return rows.map(([username, displayName, unit, roles]) => ({ username, displayName, unit, roles }));
}

/**
 * The demo's accounts, all with the demo password, and an administrator: `admin` when the
 * installation has none yet (a demo loaded before the first start), so the demo is usable alone.
 */
async function ensureUsers(deps: Deps, units: Units): Promise<string[]> {
  const lines: string[] = [];
  const accounts = demoAccounts(units);
  const hasAdmin = (await listUsers(deps.db)).some((u) => u.roles.includes('admin'));
  if (!hasAdmin)
    accounts.unshift({ username: 'admin', displayName: '系统管理员', unit: units.bureau, roles: ['admin'] });
  for (const a of accounts) {
    const existing = await findUserByUsername(deps.db, a.username);
    if (!existing)
      await createUser(deps, null, {
        username: a.username,
        displayName: a.displayName,
        unitId: a.unit.id,
        roles: a.roles,
        password: DEMO_PASSWORD,
      });
    else if (a.username === 'admin') continue;
    lines.push(
      `  ${a.username.padEnd(10)} ${a.displayName}  ${a.roles.map((r) => ROLE_LABELS[r]).join('、')}  ${a.unit.name}`,
    );
  }
  return lines;
}

function fakeIdNumber(r: ReturnType<typeof rng>, regionCode: string): string {
  const birth = `${r.int(1950, 2000)}${String(r.int(1, 12)).padStart(2, '0')}${String(r.int(1, 28)).padStart(2, '0')}`;
  const body = `${regionCode.slice(0, 6)}${birth}${String(r.int(0, 999)).padStart(3, '0')}`;
  return `${body}${idNumberCheckDigit(body)}`;
}

function fill(text: string, r: ReturnType<typeof rng>, town: string): string {
  return text
    .replace('{town}', town)
    .replace('{money}', String(r.int(2, 30) / 2))
    .replace('{n}', String(r.int(6, 40)))
    .replace('{month}', String(r.int(2, 8)))
    .replace('{year}', String(r.int(2018, 2024)));
}

const END_STATES = [
  ['registered', 6],
  ['filed', 2],
  ['transferred', 8],
  ['returned', 3],
  ['pending_acceptance', 5],
  ['accepted', 20],
  ['declined', 4],
  ['replied', 8],
  ['evaluated', 8],
  ['concluded', 26],
  ['review_requested', 4],
  ['reviewed', 3],
  ['final', 3],
] as const;

type EndState = (typeof END_STATES)[number][0];

function pickEndState(r: ReturnType<typeof rng>): EndState {
  const total = END_STATES.reduce((s, [, w]) => s + w, 0);
  let x = r.next() * total;
  for (const [state, w] of END_STATES) {
    x -= w;
    if (x < 0) return state;
  }
  return 'concluded';
}

/**
 * Loads the demo county: units, users of every role and `count` petitions driven through the
 * real use cases to every state, with dates spread over the past months.
 */
export async function loadDemo(deps: Deps, options: { count: number }): Promise<string> {
  const units = await ensureUnits(deps);
  const accounts = await ensureUsers(deps, units);
  const categories = await listCategories(deps.db);
  const categoryId = (t: CaseTemplate) => {
    const parent = categories.find((c) => c.name === t.category[0] && !c.parentId);
    return categories.find((c) => c.name === t.category[1] && c.parentId === parent?.id)?.id ?? parent?.id;
  };
  const r = rng(20260101);
  const realNow = deps.now();
  const today = todayIn(realNow);
  let clock = realNow;
  const simDeps: Deps = { ...deps, now: () => clock };
  const at = (daysAgo: number) => {
    clock = new Date(realNow.getTime() - daysAgo * 86_400_000);
  };
  const bureauActor: Actor = systemActor({ ...units.bureau, kind: 'bureau' });
  const cityActor: Actor = systemActor({ ...units.city, kind: 'bureau' });
  const unitActor = (u: UnitRow): Actor =>
    systemActor({ id: u.id, name: u.name, regionCode: u.regionCode, kind: u.kind as Actor['unitKind'] });
  const counts: Record<string, number> = {};

  for (let i = 0; i < options.count; i++) {
    const template = r.pick(CASE_TEMPLATES);
    const town = r.pick(units.townships);
    const townName = town.name.replace('人民政府', '');
    const channel = r.pick<Channel>([
      'visit',
      'visit',
      'visit',
      'letter',
      'online',
      'online',
      'phone',
      'mailbox',
    ]);
    const collective = channel === 'visit' && r.next() < 0.12;
    const persons = collective ? r.int(5, 30) : channel === 'visit' ? r.int(1, 3) : 1;
    const people = Array.from({ length: Math.min(persons, 3) }, () => ({
      name: `${r.pick([...SURNAMES])}${r.pick(GIVEN)}`,
      idNumber: fakeIdNumber(r, town.regionCode),
      phone: `1${r.pick(['39', '58', '86', '37'])}${String(r.int(0, 99_999_999)).padStart(8, '0')}`,
      address: `兰考县${townName}${r.pick(['东', '西', '南', '北'])}街村${r.int(1, 12)}组`,
    }));
    const daysAgo = r.int(5, 320);
    at(daysAgo);
    const fromAbove = r.next() < 0.1;
    const reg = await registerPetition(simDeps, bureauActor, {
      channel,
      purpose: template.purpose,
      categoryId: categoryId(template),
      regionCode: town.regionCode,
      source: fromAbove ? 'from_above' : 'own',
      sourceUnitId: fromAbove ? units.city.id : undefined,
      persons,
      petitioners: people,
      content: fill(r.pick(template.texts), r, townName),
      isSkipLevel: r.next() < 0.05,
      leaderName:
        channel === 'visit' && r.next() < 0.1 ? r.pick(['赵县长', '钱副县长', '孙书记']) : undefined,
    });
    const end = pickEndState(r);
    counts[end] = (counts[end] ?? 0) + 1;
    let version = reg.version;
    let step = daysAgo;
    const run = async <N extends Parameters<typeof runCommand>[3]>(
      actor: Actor,
      name: N,
      body: Record<string, unknown>,
    ) => {
      step = Math.max(0, step - r.int(0, 4));
      at(step);
      const result = await runCommand(simDeps, actor, reg.id, name, { version, ...body } as never);
      version = result.petition.version;
      return result;
    };
    /** 送达: most notices are handed over or posted within a few days. */
    const deliver = async (actor: Actor, documentId: string | null) => {
      if (!documentId || r.next() < 0.1) return;
      const post = r.next() < 0.3;
      await run(actor, 'recordDelivery', {
        documentId,
        method: post ? 'post' : 'in_person',
        trackingNo: post ? `1${String(r.int(0, 999_999_999_999)).padStart(12, '0')}` : undefined,
        deliveredOn: todayIn(simDeps.now()),
      });
    };
    if (end === 'registered') continue;
    if (end === 'filed') {
      await run(bureauActor, 'triage', { kind: 'file', reason: '重复反映，已存档备查' });
      continue;
    }
    const handler = template.unit === '{townGov}' ? town : (units.departments.get(template.unit) ?? town);
    const handlerActor = unitActor(handler);
    await run(bureauActor, 'triage', { kind: r.next() < 0.5 ? 'assign' : 'forward', unitId: handler.id });
    if (end === 'transferred') continue;
    if (end === 'returned') {
      await run(handlerActor, 'object', { reason: '该事项不属于本单位职权范围，建议转交属地乡镇办理' });
      continue;
    }
    await run(handlerActor, 'sign', {});
    if (end === 'pending_acceptance') continue;
    if (end === 'declined') {
      await run(handlerActor, 'decline', {
        reason: '该事项已进入司法程序',
        legalChannel: '依法通过诉讼途径解决',
      });
      continue;
    }
    await run(handlerActor, 'accept', {});
    if (r.next() < 0.1)
      await run(handlerActor, 'extend', {
        days: 30,
        reason: '情况复杂需进一步调查',
        approverName: '分管副局长',
      });
    if (end === 'accepted') continue;
    const replied = await run(handlerActor, 'reply', {
      outcome: r.pick(['support', 'support', 'explain', 'reject']),
      request: '请求依法解决所反映的问题',
      facts: '经调查核实，信访人反映的情况基本属实',
      reasons: '依据相关法律法规和政策规定',
      basis: '《信访工作条例》及相关政策规定',
    });
    await deliver(handlerActor, replied.documentId);
    if (end === 'replied') continue;
    const reviewable = template.purpose === 'solution' || template.purpose === 'appeal';
    if (reviewable && (end === 'review_requested' || end === 'reviewed' || end === 'final')) {
      await run(bureauActor, 'requestReview', { reason: '对处理意见不服', organId: units.countyGov.id });
      if (end === 'review_requested') continue;
      const review = {
        outcome: 'uphold',
        facts: '原处理意见认定事实清楚',
        reasons: '适用依据正确',
        basis: '《信访工作条例》第三十五条',
      };
      // The bureaus record the governments' decisions on their behalf.
      const reviewed = await run(bureauActor, 'decideReview', review);
      await deliver(bureauActor, reviewed.documentId);
      if (end === 'reviewed') continue;
      await run(bureauActor, 'requestReReview', { reason: '对复查意见不服', organId: units.cityGov.id });
      await run(cityActor, 'decideReReview', { ...review, basis: '《信访工作条例》第三十六条' });
      await run(cityActor, 'finalize', { resolved: false, resolutionNote: '信访人仍不认可复核意见' });
      continue;
    }
    await run(bureauActor, 'evaluate', {
      result: r.pick(['satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied']),
      channel: 'phone',
    });
    if (end === 'evaluated') continue;
    if (fromAbove) {
      await run(handlerActor, 'reportConclusion', { summary: '已按要求办理完毕' });
      await run(cityActor, 'approveConclusion', {
        resolved: r.next() < 0.85,
        resolutionNote: '信访人诉求未完全满足',
      });
    } else {
      await run(bureauActor, 'conclude', {
        resolved: r.next() < 0.85,
        resolutionNote: '信访人诉求未完全满足',
      });
    }
  }
  const summary = Object.entries(counts)
    .map(([s, n]) => `${STATE_LABELS[s as PetitionState] ?? s} ${n}`)
    .join('，');
  return [
    `演示数据已载入（截至 ${today}）：${options.count} 件信访事项（${summary}）。`,
    `演示账号（密码均为 ${DEMO_PASSWORD}）：`,
    ...accounts,
  ].join('\n');
}
