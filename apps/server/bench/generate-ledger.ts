import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
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
const CHANNELS = ['来访', '来信', '网上信访', '来电', '领导信箱'];
const STATES = ['登记', '已受理', '办理中', '已答复', '已办结', '已办结', '已办结'];
const UNITS = ['县人力资源和社会保障局', '县住房和城乡建设局', '县自然资源局', '县农业农村局', '县民政局'];

/** Writes a synthetic ledger of `rows` rows (deterministic) for the import benchmark. */
export async function generateLedger(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(
    '\uFEFF编号,登记日期,信访形式,信访人,人数,证件号码,联系电话,问题属地,内容分类,诉求内容,责任单位,办理状态,受理日期,答复日期,办结日期,评价结果\n',
  );
  let seed = 42;
  const rnd = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) >>> 0;
    return seed % n;
  };
  for (let i = 0; i < rows; i++) {
    const month = 1 + rnd(12);
    const day = 1 + rnd(28);
    const date = `2025-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const state = STATES[rnd(STATES.length)];
    const body = `410225${1950 + rnd(50)}${String(1 + rnd(12)).padStart(2, '0')}${String(1 + rnd(28)).padStart(2, '0')}${String(rnd(1000)).padStart(3, '0')}`;
    const accepted = state === '登记' ? '' : date;
    const replied = state === '已答复' || state === '已办结' ? date : '';
    const line = [
      `BENCH-${i}`,
      date,
      CHANNELS[rnd(CHANNELS.length)],
      `信访人${i}`,
      String(rnd(10) === 0 ? 5 + rnd(20) : 1),
      `${body}${idNumberCheckDigit(body)}`,
      `139${String(rnd(100_000_000)).padStart(8, '0')}`,
      '410225',
      CATEGORIES[rnd(CATEGORIES.length)],
      `反映第${i}号问题，请求依法处理。`,
      UNITS[rnd(UNITS.length)],
      state,
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
