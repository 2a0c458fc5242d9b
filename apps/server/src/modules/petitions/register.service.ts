import type { RegisterPetition } from '@xinfang/contract';
import { isCollective, PURPOSE_LABELS } from '@xinfang/contract';
import type { Deps } from '../../deps.ts';
import { todayIn } from '../../deps.ts';
import { validateIdNumber } from '../../domain/id-number.ts';
import { AppError, invalid } from '../../errors.ts';
import { type Actor, hasRole } from '../auth/actor.ts';
import { heldRulesForUnit, rulesForUnitNow, type StampedRules } from '../settings/policy.ts';
import { stageFacts } from './petition-facts.ts';
import { stageDeadlineFields } from './petition-deadline.ts';
import { findByExternalNo, findPetition } from './petition.repo.ts';
import { petitionScope } from './petition.scope.ts';
import { findIdempotentResponse } from './idempotency.repo.ts';
import {
  duplicateExternalNo,
  type PreparedRegistration,
  type RegisterResult,
  SettingsChanged,
  submitRegistration,
} from './register-batch.ts';
import { newQueryCredentials } from './query-code.ts';
import { searchDocument, searchVectorLiteral } from '../../domain/text/bigrams.ts';
import { timeOrderedId } from '../../crypto/time-ordered-id.ts';

export type { RegisterResult };

/**
 * 登记: records a petition from any channel (有访必录入). The request validates and computes its
 * rows; the process's writer commits them in one transaction with the registrations that arrived
 * meanwhile (group commit), and this answers after that commit.
 */
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
  // A retry of a committed registration answers at once; one racing its first attempt is settled by
  // the writer, which holds the key's lock to its commit.
  if (idemKey) {
    const earlier = await findIdempotentResponse(deps.db, idemKey);
    if (earlier) return earlier as RegisterResult;
  }
  if (input.externalNo) {
    const existing = await findByExternalNo(deps.db, actor.unitId, input.externalNo);
    if (existing) throw duplicateExternalNo(input.externalNo, existing.id);
  }
  if (input.source === 'from_above' && !input.sourceUnitId && !input.sourceNote) {
    throw invalid('sourceUnitId', '上级交办件须填写交办单位');
  }
  if (input.repeatOfId && !(await findPetition(deps.db, input.repeatOfId, petitionScope(actor)))) {
    throw invalid('repeatOfId', '关联的原信访事项不存在');
  }
  // The region, category and units are checked by the writer, in the batch's transaction; so is
  // the settings stamp the deadline was computed under: when the rules changed meanwhile, the
  // registration is computed again under the rules now in force.
  for (let held = true; ; held = false) {
    const rules = held
      ? await heldRulesForUnit(deps.db, actor.unitId)
      : await rulesForUnitNow(deps.db, actor.unitId);
    try {
      return await submitRegistration(
        deps.db,
        prepareRegistration(deps, actor, input, { registeredOn, people: normalizedPeople, idemKey, rules }),
      );
    } catch (error) {
      if (!(error instanceof SettingsChanged)) throw error;
    }
  }
}

/** The rows of one registration, computed in its request (in parallel with the others). */
function prepareRegistration(
  deps: Deps,
  actor: Actor,
  input: RegisterPetition,
  {
    registeredOn,
    people: normalizedPeople,
    idemKey,
    rules,
  }: {
    registeredOn: string;
    people: Array<RegisterPetition['petitioners'][number] & { idNumber: string | undefined }>;
    idemKey: string | undefined;
    rules: StampedRules;
  },
): PreparedRegistration {
  const { policy, calendar } = rules.rules;
  const persons = input.persons ?? normalizedPeople.length;
  const credentials = newQueryCredentials();
  const confidential = input.confidential ?? input.purpose === 'report';
  const petitionId = timeOrderedId();

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
    isCollective: isCollective(input.channel, persons, policy.collectiveThreshold),
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
  // The writer numbers and commits them with whatever else arrived meanwhile (register-batch.ts).
  return {
    deps,
    actor,
    idemKey,
    settingsStamp: rules.stamp,
    year: Number(registeredOn.slice(0, 4)),
    petition: {
      ...base,
      ...deadline,
      // The literal as a plain value (the batch writes it as JSON); the database's to_tsvector in
      // the one case a literal cannot say it.
      ...searchFields(base.title, input.content),
    },
    petitioners: normalizedPeople.map((p, position) => ({
      petitionId,
      // The petition's bureau and time, which the people's lookup indexes carry (migration 0011).
      bureauUnitId: base.bureauUnitId,
      registeredAt: base.registeredAt,
      position,
      name: p.name,
      idNumberCipher: p.idNumber ? deps.crypto.encrypt(p.idNumber) : null,
      idNumberIndex: p.idNumber ? deps.crypto.index('id_number', p.idNumber) : null,
      phoneCipher: p.phone ? deps.crypto.encrypt(p.phone) : null,
      phoneIndex: p.phone ? deps.crypto.index('phone', p.phone) : null,
      address: p.address ?? null,
    })),
    summary: {
      channel: input.channel,
      purpose: PURPOSE_LABELS[input.purpose],
      persons,
      isCollective: base.isCollective,
      confidential,
      stageDueOn: deadline.stageDueOn,
    },
    warnings: deadline.deadlineWarnings ?? [],
    querySecret: credentials.secret,
  };
}

/** A petition's search vector as a literal, or its document when only the database can build it. */
function searchFields(
  title: string,
  content: string,
): { searchVector: string | null; searchDocument?: string } {
  const literal = searchVectorLiteral(title, content);
  return literal === null
    ? { searchVector: null, searchDocument: searchDocument(title, content) }
    : { searchVector: literal };
}
