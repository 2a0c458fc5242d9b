import { randomUUID } from 'node:crypto';
import type { PetitionState, RegisterPetition } from '@xinfang/contract';
import { PURPOSE_LABELS } from '@xinfang/contract';
import type { Deps } from '../../deps.ts';
import { todayIn } from '../../deps.ts';
import { validateIdNumber } from '../../domain/id-number.ts';
import { AppError, invalid } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { type Actor, hasRole } from '../auth/actor.ts';
import { findCategory, findRegion, findUnit } from '../reference/reference.repo.ts';
import { rulesForUnit } from '../settings/policy.ts';
import { stageFacts } from './petition-facts.ts';
import { stageDeadlineFields } from './petition-deadline.ts';
import {
  findByExternalNo,
  findPetition,
  insertEvent,
  insertPetition,
  insertPetitioners,
  nextCaseSequence,
} from './petition.repo.ts';
import { petitionScope } from './petition.scope.ts';
import { addPetitionVisibility } from './petition-visibility.repo.ts';
import { claimIdempotencyKey, saveIdempotentResponse } from './idempotency.repo.ts';
import { newQueryCredentials } from './query-code.ts';
import { searchVectorOf } from './search.ts';
import { enqueue } from '../../jobs/outbox.repo.ts';

export type RegisterResult = {
  id: string;
  caseNo: string;
  queryCode: string;
  /** Shown once: the petitioner's secret for the public portal. */
  querySecret: string;
  version: number;
  state: PetitionState;
  stageDueOn: string | null;
};

/** 登记: records a petition from any channel (有访必录入). One transaction. */
export async function registerPetition(
  deps: Deps,
  actor: Actor,
  input: RegisterPetition,
  options: { idempotencyKey?: string } = {},
): Promise<RegisterResult> {
  if (!hasRole(actor, 'registrar', 'caseworker'))
    throw new AppError('FORBIDDEN', '只有登记员或业务科人员可以登记信访事项');
  if (actor.unitKind !== 'bureau') throw new AppError('FORBIDDEN', '只有信访部门可以登记信访事项');
  const today = todayIn(deps.now());
  const registeredOn = input.registeredOn ?? today;
  if (registeredOn > today) throw invalid('registeredOn', '登记日期不能晚于今天');

  const normalizedPeople = input.petitioners.map((p, i) => {
    if (!p.idNumber) return { ...p, idNumber: undefined };
    const check = validateIdNumber(p.idNumber, today);
    if (!check.ok)
      throw invalid(`petitioners.${i}.idNumber`, `第${i + 1}位信访人的身份证号码有误：${check.message}`);
    return { ...p, idNumber: check.normalized };
  });

  const idemKey = options.idempotencyKey ? `register:${actor.userId}:${options.idempotencyKey}` : undefined;
  return deps.db.transaction(async (tx) => {
    // A retried registration (same Idempotency-Key) answers the first result instead of registering twice.
    if (idemKey) {
      const earlier = await claimIdempotencyKey(tx, idemKey);
      if (earlier) return earlier as RegisterResult;
    }
    if (input.externalNo) {
      const existing = await findByExternalNo(tx, actor.unitId, input.externalNo);
      if (existing)
        throw new AppError('DUPLICATE', `外部编号 ${input.externalNo} 已登记`, { id: existing.id });
    }
    if (!(await findRegion(tx, input.regionCode))) throw invalid('regionCode', '问题属地不在行政区划表中');
    if (input.categoryId && !(await findCategory(tx, input.categoryId)))
      throw invalid('categoryId', '内容分类不存在');
    if (input.sourceUnitId && !(await findUnit(tx, input.sourceUnitId)))
      throw invalid('sourceUnitId', '来源单位不存在');
    if (input.accusedUnitId && !(await findUnit(tx, input.accusedUnitId)))
      throw invalid('accusedUnitId', '被反映单位不存在');
    if (input.source === 'from_above' && !input.sourceUnitId && !input.sourceNote) {
      throw invalid('sourceUnitId', '上级交办件须填写交办单位');
    }
    if (input.repeatOfId && !(await findPetition(tx, input.repeatOfId, petitionScope(actor)))) {
      throw invalid('repeatOfId', '关联的原信访事项不存在');
    }

    const { policy, calendar } = await rulesForUnit(tx, actor.unitId);
    const persons = input.persons ?? normalizedPeople.length;
    const year = Number(registeredOn.slice(0, 4));
    const credentials = newQueryCredentials();
    const confidential = input.confidential ?? input.purpose === 'report';
    const petitionId = randomUUID();

    const base = {
      id: petitionId,
      externalNo: input.externalNo ?? null,
      bureauUnitId: actor.unitId,
      regionCode: input.regionCode,
      channel: input.channel,
      purpose: input.purpose,
      categoryId: input.categoryId ?? null,
      source: input.source,
      sourceUnitId: input.sourceUnitId ?? null,
      sourceNote: input.sourceNote ?? null,
      persons,
      isCollective: persons >= policy.collectiveThreshold,
      isSkipLevel: input.isSkipLevel,
      repeatOfId: input.repeatOfId ?? null,
      isRepeat: Boolean(input.repeatOfId),
      confidential,
      accusedUnitId: input.accusedUnitId ?? null,
      leaderName: input.leaderName ?? null,
      title: input.title || input.content.replace(/\s+/g, ' ').slice(0, 40),
      content: input.content,
      state: 'registered',
      registeredAt: deps.now(),
      registeredOn,
      registeredBy: actor.userId,
      queryCode: credentials.code,
      querySecretHash: deps.crypto.hashSecret(credentials.secret),
      extensionDays: 0,
      bounceCount: 0,
    };
    const deadline = stageDeadlineFields(stageFacts(base), policy, calendar);
    // Everything that needs no case number is written first: the people, the outbox message, visibility.
    await insertPetitioners(
      tx,
      normalizedPeople.map((p, position) => ({
        petitionId,
        position,
        name: p.name,
        idNumberCipher: p.idNumber ? deps.crypto.encrypt(p.idNumber) : null,
        idNumberIndex: p.idNumber ? deps.crypto.index('id_number', p.idNumber) : null,
        phoneCipher: p.phone ? deps.crypto.encrypt(p.phone) : null,
        phoneIndex: p.phone ? deps.crypto.index('phone', p.phone) : null,
        address: p.address ?? null,
      })),
    );
    await enqueue(tx, 'petition.registered', { petitionId });
    // Who may see it needs no case number either (no foreign keys: the petition row follows).
    await addPetitionVisibility(tx, {
      id: petitionId,
      registeredAt: base.registeredAt,
      bureauUnitId: actor.unitId,
      sourceUnitId: base.sourceUnitId,
      regionCode: base.regionCode,
    });
    // The bureau's case-number counter is the one serialised step: its row lock is taken last and
    // held only for the few inserts that carry the number, up to the commit (gap-free: a rollback
    // returns the number with the transaction).
    const seq = await nextCaseSequence(tx, actor.unitId, year);
    const caseNo = `${actor.regionCode}-${year}-${String(seq).padStart(6, '0')}`;
    const petition = await insertPetition(tx, {
      ...base,
      ...deadline,
      caseNo,
      searchVector: searchVectorOf(base.title, input.content),
    });
    const summary = {
      caseNo,
      channel: input.channel,
      purpose: PURPOSE_LABELS[input.purpose],
      persons,
      isCollective: base.isCollective,
      confidential,
      stageDueOn: deadline.stageDueOn,
    };
    await insertEvent(tx, {
      petitionId,
      action: 'register',
      actorUserId: actor.userId,
      actorUnitId: actor.unitId,
      at: deps.now(),
      fromState: null,
      toState: 'registered',
      data: { after: summary, warnings: deadline.deadlineWarnings ?? [] },
    });
    await recordAudit(deps, tx, actor, {
      action: 'petition.register',
      entityType: 'petition',
      entityId: petitionId,
      after: summary,
    });
    const result: RegisterResult = {
      id: petition.id,
      caseNo,
      queryCode: credentials.code,
      querySecret: credentials.secret,
      version: petition.version,
      state: petition.state as PetitionState,
      stageDueOn: petition.stageDueOn,
    };
    if (idemKey) await saveIdempotentResponse(tx, idemKey, actor.userId, result);
    return result;
  });
}
