import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { idNumberCheckDigit } from '../src/domain/id-number.ts';

const CATEGORIES = [
  '劳动和社会保障/劳资纠纷',
  '城乡建设/房屋拆迁与补偿',
  '国土资源/土地征收',
  '农村农业/惠农补贴',
  '民政/社会救助',
  '环境保护/环境污染',
  '卫生计生/医患纠纷',
  '其他',
];
const CHANNELS = ['来访', '来信', '网上信访', '网上信访', '来电', '领导信箱'];
const STATES = ['登记', '待受理', '已受理', '办理中', '已答复', '已办结', '已办结', '已办结', '不予受理'];
const UNITS = ['县人力资源和社会保障局', '县住房和城乡建设局', '县自然资源局', '县农业农村局', '县民政局'];
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚';
const GIVEN =
  '秀兰建国桂英志强玉梅国庆红霞海军丽娟卫东春生淑珍明远德华文斌晓燕振华凤英永刚美玲宏伟金花树林秋菊';
const SUBJECTS = [
  '某建筑公司拖欠农民工工资',
  '安置小区房屋质量问题',
  '土地征收补偿标准偏低',
  '惠农补贴未按时发放',
  '低保资格认定不公',
  '养殖场污水直排河道',
  '医疗纠纷处理不当',
  '物业公司服务不到位',
  '企业职工养老保险断缴',
  '拆迁过渡费长期未付',
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
];

const HEADER =
  '编号,登记日期,信访形式,信访人,人数,证件号码,联系电话,问题属地,内容分类,诉求内容,责任单位,办理状态,分流日期,受理日期,答复日期,办结日期,评价结果';

/**
 * Writes a deterministic ledger of `rows` rows for the import benchmark, streamed (never held):
 * registrations over 2016–2025, ~200-character Chinese content, one petitioner (one in ten rows
 * two) with valid ID numbers and phones, five channels, categories, units and lifecycle dates.
 */
export async function writeLedgerFile(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(`\uFEFF${HEADER}\n`);
  let seed = 42;
  const rnd = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) >>> 0;
    return seed % n;
  };
  const person = () => {
    const body = `410225${1950 + rnd(50)}${String(1 + rnd(12)).padStart(2, '0')}${String(1 + rnd(28)).padStart(2, '0')}${String(rnd(1000)).padStart(3, '0')}`;
    return {
      name: `${SURNAMES[rnd(SURNAMES.length)]}${GIVEN.slice(rnd(GIVEN.length / 2) * 2).slice(0, 2)}`,
      id: `${body}${idNumberCheckDigit(body)}`,
      phone: `13${rnd(10)}${String(rnd(100_000_000)).padStart(8, '0')}`,
    };
  };
  const detail = () => DETAILS[rnd(DETAILS.length)];
  for (let i = 0; i < rows; i++) {
    const year = 2016 + rnd(10);
    const date = `${year}-${String(1 + rnd(12)).padStart(2, '0')}-${String(1 + rnd(28)).padStart(2, '0')}`;
    const state = STATES[rnd(STATES.length)];
    const people = rnd(10) === 0 ? [person(), person()] : [person()];
    const content = `反映${SUBJECTS[rnd(SUBJECTS.length)]}，${detail()}，${detail()}。具体情况：${SUBJECTS[rnd(SUBJECTS.length)]}，${detail()}，${detail()}，${detail()}。信访人称${detail()}，${detail()}，${detail()}，第${i}号诉求，请求有关部门${detail()}，并${detail()}。`;
    const triaged = state === '登记' ? '' : date;
    const accepted = ['登记', '待受理'].includes(state) ? '' : date;
    const replied = state === '已答复' || state === '已办结' ? date : '';
    const line = [
      `BENCH-${i}`,
      date,
      CHANNELS[rnd(CHANNELS.length)],
      people.map((p) => p.name).join('、'),
      String(rnd(16) === 0 ? 5 + rnd(20) : people.length),
      people.map((p) => p.id).join('、'),
      people.map((p) => p.phone).join('、'),
      '410225',
      CATEGORIES[rnd(CATEGORIES.length)],
      content,
      state === '登记' ? '' : UNITS[rnd(UNITS.length)],
      state,
      triaged,
      accepted,
      replied,
      state === '已办结' ? date : '',
      state === '已办结' ? ['满意', '基本满意', '不满意'][rnd(3)] : '',
    ].join(',');
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
