import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../src/db/client.ts';
import { buildIndexes, dropIndexes, secondaryIndexes } from '../src/db/secondary-indexes.ts';
import type { Deps } from '../src/deps.ts';
import { idNumberCheckDigit } from '../src/domain/id-number.ts';
import { searchDocument } from '../src/domain/text/bigrams.ts';
import { VISIBILITY_REBUILD_SQL } from '../src/modules/petitions/petition-visibility.repo.ts';
import { seedDefaultCategories } from '../src/modules/reference/reference-seed.service.ts';

/** The 17 cities of 河南省 (GB/T 2260), each given ten counties (synthetic names) of ten departments. */
const CITIES: Array<[string, string]> = [
  ['4101', '郑州市'],
  ['4102', '开封市'],
  ['4103', '洛阳市'],
  ['4104', '平顶山市'],
  ['4105', '安阳市'],
  ['4106', '鹤壁市'],
  ['4107', '新乡市'],
  ['4108', '焦作市'],
  ['4109', '濮阳市'],
  ['4110', '许昌市'],
  ['4111', '漯河市'],
  ['4112', '三门峡市'],
  ['4113', '南阳市'],
  ['4114', '商丘市'],
  ['4115', '信阳市'],
  ['4116', '周口市'],
  ['4117', '驻马店市'],
];
const DEPARTMENTS = [
  '人力资源和社会保障局',
  '住房和城乡建设局',
  '自然资源局',
  '农业农村局',
  '民政局',
  '生态环境局',
  '卫生健康委员会',
  '教育局',
  '公安局',
  '市场监督管理局',
];
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '秀兰建国桂英志强玉梅国庆红霞海军丽娟卫东春生淑珍明远德华文斌晓燕振华凤英永刚美玲宏伟金花树林秋菊长江小平建华淑英志勇';
const SUBJECTS = [
  '某建筑公司拖欠农民工工资',
  '安置小区房屋质量问题',
  '土地征收补偿标准偏低',
  '惠农补贴未按时发放',
  '低保资格认定不公',
  '养殖场污水直排河道',
  '医疗纠纷处理不当',
  '学校乱收费',
  '邻里宅基地界址纠纷',
  '物业公司服务不到位',
  '企业职工养老保险断缴',
  '拆迁过渡费长期未付',
  '道路施工扬尘噪音扰民',
  '村务财务不公开',
  '网约车平台侵害消费者权益',
  '工伤认定久拖不决',
];
const DETAILS = [
  '多次向有关部门反映未果',
  '涉及群众二十余人',
  '请求依法依规协调解决',
  '要求查处相关责任人',
  '希望尽快给予答复',
  '已持续两年之久',
  '严重影响正常生产生活',
  '此前曾到乡镇反映',
  '请求上级部门督促办理',
  '对处理结果不满意再次反映',
];

/** A 32-bit integer hash (lowbias32): well-mixed values from consecutive numbers. */
function mix(n: number): number {
  let x = (n ^ 0x9e3779b9) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/** A small deterministic generator (the same province every run). */
function lcg(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (s * 1_103_515_245 + 12_345) >>> 0;
    return s % n;
  };
}

export type Province = { bureaus: Array<{ id: string; regionCode: string; name: string }>; units: number };

/** Regions, ~2,000 units (province, city and county bureaus, ten departments per county) and categories. */
export async function buildProvinceReference(db: Db): Promise<Province> {
  await seedDefaultCategories(db);
  const regions: Array<{ code: string; name: string; parent: string | null; level: number }> = [
    { code: '410000', name: '河南省', parent: null, level: 1 },
  ];
  const units: Array<{ id: string; name: string; kind: string; regionCode: string }> = [
    { id: randomUUID(), name: '河南省信访局', kind: 'bureau', regionCode: '410000' },
  ];
  for (const [city, cityName] of CITIES) {
    regions.push({ code: `${city}00`, name: cityName, parent: '410000', level: 2 });
    units.push({ id: randomUUID(), name: `${cityName}信访局`, kind: 'bureau', regionCode: `${city}00` });
    for (let c = 21; c <= 30; c++) {
      const code = `${city}${c}`;
      const countyName = `${cityName.replace('市', '')}${c - 20}县`;
      regions.push({ code, name: countyName, parent: `${city}00`, level: 3 });
      for (let t = 1; t <= 3; t++)
        regions.push({
          code: `${code}${String(t).padStart(3, '0')}`,
          name: `${countyName}第${t}镇`,
          parent: code,
          level: 4,
        });
      units.push({ id: randomUUID(), name: `${countyName}信访局`, kind: 'bureau', regionCode: code });
      for (const d of DEPARTMENTS)
        units.push({ id: randomUUID(), name: `${countyName}${d}`, kind: 'department', regionCode: code });
    }
  }
  await db.execute(sql`insert into regions (code, name, parent_code, level)
    select code, name, parent, level from jsonb_to_recordset(${JSON.stringify(regions)}::jsonb) as r(code text, name text, parent text, level int)
    on conflict do nothing`);
  await db.execute(sql`insert into units (id, name, kind, region_code)
    select id, name, kind, "regionCode" from jsonb_to_recordset(${JSON.stringify(units)}::jsonb)
      as u(id uuid, name text, kind text, "regionCode" text)`);
  return {
    bureaus: units
      .filter((u) => u.kind === 'bureau')
      .map((u) => ({ id: u.id, regionCode: u.regionCode, name: u.name })),
    units: units.length,
  };
}

/**
 * The people petitions 1…n draw from: a quarter as many people as petitions (at least 20,000), so
 * a province twice as large has twice the people, not each person twice the petitions.
 */
const peopleFor = (n: number) => Math.max(20_000, Math.ceil(n / 4)) + 1;

/**
 * Pools the generator draws from: contents with their search documents, and people with encrypted
 * PII (the same first people whatever the size; a larger load adds people, keeping the earlier).
 */
async function preparePools(deps: Deps, fresh: boolean, peopleCount: number) {
  const rnd = lcg(7);
  const contents = Array.from({ length: 2000 }, (_, i) => {
    const subject = SUBJECTS[rnd(SUBJECTS.length)];
    const text = `反映${subject}，${DETAILS[rnd(DETAILS.length)]}，${DETAILS[rnd(DETAILS.length)]}。具体情况：${SUBJECTS[rnd(SUBJECTS.length)]}，${DETAILS[rnd(DETAILS.length)]}，${DETAILS[rnd(DETAILS.length)]}，${DETAILS[rnd(DETAILS.length)]}（第${i}件）。`;
    return { idx: i, title: text.slice(0, 40), content: text, doc: searchDocument(text.slice(0, 40), text) };
  });
  const people = Array.from({ length: peopleCount }, (_, i) => {
    // Each person's fields from a hash of their number: the LCG's consecutive draws are correlated
    // (20,000 people came out as ~400 ID numbers and ~340 names).
    const r = (field: number, n: number) => mix(i * 16 + field) % n;
    const body = `41${String(1 + r(1, 17)).padStart(2, '0')}2${r(2, 10)}${1950 + r(3, 50)}${String(1 + r(4, 12)).padStart(2, '0')}${String(1 + r(5, 28)).padStart(2, '0')}${String(r(6, 1000)).padStart(3, '0')}`;
    const id = `${body}${idNumberCheckDigit(body)}`;
    const phone = `13${r(7, 10)}${String(r(8, 100_000_000)).padStart(8, '0')}`;
    // A surname and a given name of one or two characters (~600,000 names; the commonest real ones
    // are ~0.02% of people, the same order as one name here among 5,000 people).
    const given = [...GIVEN];
    const name = `${SURNAMES[r(10, SURNAMES.length)]}${given[r(9, given.length)]}${r(11, 4) === 0 ? '' : given[r(12, given.length)]}`;
    return {
      idx: i,
      name,
      id_cipher: deps.crypto.encrypt(id),
      id_index: deps.crypto.index('id_number', id),
      phone_cipher: deps.crypto.encrypt(phone),
      phone_index: deps.crypto.index('phone', phone),
    };
  });
  await deps.db.execute(
    sql`create table if not exists bench_contents (idx int primary key, title text, content text, doc text, vec tsvector)`,
  );
  await deps.db.execute(
    sql`create table if not exists bench_people (idx int primary key, name text, id_cipher text, id_index text, phone_cipher text, phone_index text)`,
  );
  if (fresh) await deps.db.execute(sql`truncate bench_contents, bench_people`);
  else return addPeople(deps, people);
  for (let i = 0; i < contents.length; i += 1000)
    await deps.db.execute(sql`insert into bench_contents select c.*, to_tsvector('simple', c.doc) from jsonb_to_recordset(${JSON.stringify(contents.slice(i, i + 1000))}::jsonb)
      as c(idx int, title text, content text, doc text)`);
  await addPeople(deps, people);
}

async function addPeople(deps: Deps, people: Array<Record<string, unknown>>) {
  for (let i = 0; i < people.length; i += 2000)
    await deps.db.execute(sql`insert into bench_people select * from jsonb_to_recordset(${JSON.stringify(people.slice(i, i + 2000))}::jsonb)
      as p(idx int, name text, id_cipher text, id_index text, phone_cipher text, phone_index text)
      on conflict (idx) do nothing`);
}

/**
 * Adds petitions `from`…`to` (1-based, deterministic ids) to the province, set-based in the database:
 * registrations over 2016–2025 (more in later years) spread over the county bureaus, with
 * channels, collective visits, repeats, categories, lifecycles by age (triage, acceptance,
 * reply, evaluation, conclusion), petitioners drawn from a pool of max(20,000, N/4) people (so people come
 * back), routes with some returns, timeline events, evaluations and visibility rows.
 */
export async function addPetitions(
  deps: Deps,
  from: number,
  to: number,
  onProgress: (step: string) => void = () => {},
): Promise<void> {
  const db = deps.db;
  await preparePools(deps, from === 1, peopleFor(to));
  // One transaction, as the ledger import: JIT off (the rollup triggers of migration 0005 were
  // compiled for ≈ 1 s per statement, saving nothing) and room for the sorts and hashes.
  await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('jit', 'off', true), set_config('work_mem', '256MB', true)`);
    // The people are written after their petitions, with the petitions' bureau and time copied by their own
    // trigger: the petitions' repair of their people (migration 0014, a probe per petition of an index this load
    // may drop) has nothing to do. Held off in this transaction only, as the ledger import does.
    await tx.execute(sql`alter table petitions disable trigger petitions_copy_to_new_petitioners`);
    const load = () => insertPetitions({ ...deps, db: tx }, from, to, onProgress);
    // A large load drops the secondary indexes it writes to and builds each once at the end.
    if (to - from + 1 >= 50_000) await withoutSecondaryIndexes(tx, onProgress, load);
    else await load();
  });
  onProgress('analyze');
  await db.execute(sql`analyze`);
}

/** The tables a province load writes. */
const LOADED_TABLES = [
  'petitions',
  'petitioners',
  'petition_routes',
  'petition_events',
  'evaluations',
  'petition_visibility',
];

/**
 * Runs a bulk load with the secondary indexes of the loaded tables dropped (primary keys and the
 * unique indexes ON CONFLICT relies on stay), then recreates each from its saved definition.
 */
async function withoutSecondaryIndexes(
  db: Db,
  onProgress: (step: string) => void,
  load: () => Promise<void>,
) {
  const indexes = await secondaryIndexes(db, LOADED_TABLES);
  await dropIndexes(db, indexes);
  await load();
  onProgress(`indexes (${indexes.length})`);
  await db.transaction((tx) => buildIndexes(tx, indexes));
}

async function insertPetitions(
  deps: Deps,
  from: number,
  to: number,
  onProgress: (step: string) => void,
): Promise<void> {
  const db = deps.db;
  const h = (salt: string, mod: number) => sql.raw(`(abs(hashtext(g::text || '${salt}')) % ${mod})`);
  const id = sql.raw(`md5('xf-bench-' || g)::uuid`);
  onProgress('petitions');
  await db.execute(sql`
    with counties as (
      select row_number() over (order by u.region_code) - 1 as idx, u.id as bureau_id, u.region_code,
        (select array_agg(d.id order by d.name) from units d where d.kind = 'department' and d.region_code = u.region_code) as depts
      from units u where u.kind = 'bureau' and length(u.region_code) = 6 and right(u.region_code, 2) <> '00'
    ),
    cats as (select array_agg(id order by sort, name) as ids from categories where parent_id is not null),
    g as (
      select g, ${h('c', 170)} as county,
        (date '2016-01-01' + floor(power(${h('d', 1_000_000)}::float / 1000000, 0.7) * 3652)::int) as reg,
        ${h('s', 100)} as s, ${h('p', 100)} as pp
      from generate_series(${from}::int, ${to}::int) g
    ),
    b as (
      select g.*, c.bureau_id, c.region_code as county_code, c.depts,
        row_number() over (partition by c.bureau_id, extract(year from g.reg) order by g.g) as n,
        case
          when g.reg < date '2025-09-01' then (array['concluded','concluded','concluded','final','filed','declined','evaluated','concluded'])[1 + g.s % 8]
          else (array['registered','transferred','accepted','accepted','replied','concluded','pending_acceptance','transferred'])[1 + g.s % 8]
        end as state
      from g join counties c on c.idx = g.county
    )
    -- 集体访 (6 %) and 领导接访 only on visits (pp % 8 < 2 is 来访), as registration allows them.
    insert into petitions (id, case_no, external_no, bureau_unit_id, region_code, channel, purpose, category_id, source,
      persons, is_collective, is_skip_level, is_repeat, leader_name, title, content, search_vector, state, triage,
      responsible_unit_id, registered_at, registered_on, first_triaged_on, transferred_on, acceptance_due_on, accepted_on,
      acceptance_decided_on, reply_due_on, replied_on, evaluation, evaluated_on, concluded_on, query_code, query_secret_hash)
    select ${id}, b.county_code || '-' || extract(year from b.reg) || '-' || lpad((b.n + coalesce(cc.last, 0))::text, 6, '0'),
      'GEN-' || b.g, b.bureau_id,
      b.county_code || lpad((1 + b.g % 3)::text, 3, '0'),
      (array['visit','visit','letter','online','online','online','phone','mailbox'])[1 + b.pp % 8],
      (array['solution','solution','solution','appeal','report','suggestion','other'])[1 + b.g % 7],
      (select ids[1 + b.g % array_length(ids, 1)] from cats),
      (array['own','own','own','own','from_above','from_below'])[1 + b.s % 6],
      case when b.pp % 8 < 2 and b.pp < 24 then 5 + b.g % 30 else 1 + b.g % 3 end,
      b.pp % 8 < 2 and b.pp < 24, b.pp between 6 and 9, b.pp between 10 and 24,
      case when b.pp % 8 < 2 and b.g % 7 = 0 then (array['赵县长','钱副县长','孙书记','李局长'])[1 + b.g % 4] end,
      ct.title, ct.content, ct.vec, b.state,
      case when b.state not in ('registered') then 'assign' end,
      case when b.state not in ('registered') then b.depts[1 + b.g % 10] end,
      (b.reg + time '01:00' + (b.g % 480) * interval '1 minute') at time zone 'UTC', b.reg,
      case when b.state <> 'registered' then (b.reg + b.s % 3) end,
      case when b.state <> 'registered' then (b.reg + b.s % 3) end,
      case when b.state <> 'registered' then (b.reg + b.s % 3 + 15) end,
      case when b.state not in ('registered','transferred','pending_acceptance','declined','filed') then (b.reg + b.s % 3 + b.pp % 20) end,
      case when b.state not in ('registered','transferred','pending_acceptance','filed') then (b.reg + b.s % 3 + b.pp % 20) end,
      case when b.state not in ('registered','transferred','pending_acceptance','declined','filed') then (b.reg + b.s % 3 + b.pp % 20 + 60) end,
      case when b.state in ('replied','evaluated','concluded','final') then (b.reg + b.s % 3 + b.pp % 20 + 10 + b.g % 60) end,
      case when b.state in ('evaluated','concluded','final') and b.g % 5 <> 0 then (array['satisfied','satisfied','basically_satisfied','dissatisfied'])[1 + b.g % 4] end,
      case when b.state in ('evaluated','concluded','final') and b.g % 5 <> 0 then (b.reg + b.s % 3 + b.pp % 20 + 20 + b.g % 60) end,
      case when b.state in ('concluded','final','filed','declined') then (b.reg + b.s % 3 + b.pp % 20 + 25 + b.g % 60) end,
      'B' || replace(${id}::text, '-', ''), 'bench'
    from b join bench_contents ct on ct.idx = b.g % 2000
    left join case_counters cc on cc.bureau_unit_id = b.bureau_id and cc.year = extract(year from b.reg) and cc.kind = 'case'`);
  await db.execute(sql`
    insert into case_counters (bureau_unit_id, year, kind, last)
    select bureau_unit_id, substr(case_no, 8, 4)::int, 'case', max(substr(case_no, 13)::int)
    from petitions where bureau_unit_id in (select id from units where kind = 'bureau') group by 1, 2
    on conflict (bureau_unit_id, year, kind) do update set last = excluded.last`);
  onProgress('petitioners');
  await db.execute(sql`
    insert into petitioners (petition_id, position, name, id_number_cipher, id_number_index, phone_cipher, phone_index)
    select ${id}, pos, pe.name, pe.id_cipher, pe.id_index, pe.phone_cipher, pe.phone_index
    from generate_series(${from}::int, ${to}::int) g
    cross join lateral (select 0 as pos union all select 1 where ${h('two', 10)} = 0) x
    -- 3 in 100 petitions by a 老户 (one of the first g/3,000 people: ~90 petitions each over the
    -- years), the others by anyone of the people so far (most once to a few times).
    join bench_people pe on pe.idx = x.pos + case when ${h('old', 100)} < 3
      then abs(hashtext(g::text || 'who')) % greatest(30, g / 3000)
      else abs(hashtext(g::text || 'who')) % greatest(20000, g / 4) end`);
  onProgress('routes, events, evaluations');
  await db.execute(sql`
    insert into petition_routes (petition_id, unit_id, kind, sent_on, received_on, signed_on, returned_on, return_reason, active)
    select p.id, (select d.id from units d where d.kind = 'department' and d.region_code = left(p.region_code, 6) and d.id <> p.responsible_unit_id limit 1),
      'assign', p.first_triaged_on, p.first_triaged_on, null, p.first_triaged_on, '不属于本单位职责', false
    from generate_series(${from}::int, ${to}::int) g join petitions p on p.id = ${id}
    where p.responsible_unit_id is not null and ${h('ret', 20)} = 0`);
  await db.execute(sql`
    insert into petition_routes (petition_id, unit_id, kind, sent_on, received_on, signed_on, active)
    select p.id, p.responsible_unit_id, 'assign', p.first_triaged_on, p.first_triaged_on, p.first_triaged_on, true
    from generate_series(${from}::int, ${to}::int) g join petitions p on p.id = ${id}
    where p.responsible_unit_id is not null`);
  await db.execute(sql`
    insert into petition_events (petition_id, action, actor_unit_id, at, from_state, to_state, data)
    select p.id, e.action, p.bureau_unit_id, p.registered_at + e.lag, e.from_state, e.to_state, '{}'::jsonb
    from generate_series(${from}::int, ${to}::int) g join petitions p on p.id = ${id}
    cross join lateral (values
      ('register', interval '0', null, 'registered', true),
      ('triage', interval '1 day', 'registered', 'transferred', p.first_triaged_on is not null),
      ('accept', interval '5 days', 'transferred', 'accepted', p.accepted_on is not null),
      ('reply', interval '40 days', 'accepted', 'replied', p.replied_on is not null),
      ('evaluate', interval '50 days', 'replied', 'evaluated', p.evaluation is not null),
      ('conclude', interval '60 days', 'evaluated', p.state, p.concluded_on is not null)
    ) as e(action, lag, from_state, to_state, present)
    where e.present`);
  await db.execute(sql`
    insert into evaluations (petition_id, result, channel)
    select p.id, p.evaluation, (array['phone','sms','portal','onsite'])[1 + abs(hashtext(p.id::text)) % 4]
    from generate_series(${from}::int, ${to}::int) g join petitions p on p.id = ${id}
    where p.evaluation is not null`);
  onProgress('visibility');
  await db.execute(
    VISIBILITY_REBUILD_SQL(sql`p.id in (select ${id} from generate_series(${from}::int, ${to}::int) g)`),
  );
}

export async function petitionCount(db: Db): Promise<number> {
  const [{ n }] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from petitions`);
  return n;
}
