import { CHANNEL_LABELS } from '@xinfang/contract';
import type { IsoDate } from '../calendar/iso-date.ts';
import type { Count } from './definitions.ts';
import type { Report } from './report.ts';

const MONTHS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
const lastDayOfMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** 元至六月 / 全年 / 三至五月 / 3月5日至4月8日, as the summaries write periods. */
export function periodLabel(from: IsoDate, to: IsoDate): string {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  const wholeMonths = fy === ty && fd === 1 && td === lastDayOfMonth(ty, tm);
  if (wholeMonths && fm === 1 && tm === 12) return '全年';
  if (wholeMonths && fm === tm) return `${MONTHS[fm]}月份`;
  if (wholeMonths) return `${fm === 1 ? '元' : MONTHS[fm]}至${MONTHS[tm]}月`;
  const year = fy === ty ? '' : `${fy}年`;
  return `${year}${fm}月${fd}日至${fy === ty ? '' : `${ty}年`}${tm}月${td}日`;
}

/** 92% from 0.923; whole percent like the summaries. */
export const percent = (r: number | null): string => (r === null ? '—' : `${Math.round(r * 100)}%`);

/** 上升92% / 下降12% / 持平. */
function trend(r: number | null): string {
  if (r === null) return '';
  if (Math.round(r * 100) === 0) return '持平';
  return `${r > 0 ? '上升' : '下降'}${Math.abs(Math.round(r * 100))}%`;
}

/** Visits speak in 批/人次, written channels in 件. */
const visitCount = (c: Count) => `${c.batches}批${c.persons}人次`;

function comparisonSentence(report: Report): string {
  const prev = report.previousYear.total;
  if (prev.batches === 0) return '去年同期无可比数据';
  const batches = trend(report.yoy.total.batches);
  const persons = trend(report.yoy.total.persons);
  const parts =
    batches === '持平' && persons === '持平' ? '件数、人数均持平' : `件数${batches}、人数${persons}`;
  return `与去年同期（${visitCount(prev)}）相比${parts}`;
}

/**
 * The statistics section of a work summary, in the voice of the seeds:
 * "元至六月，共接待各类群众来信来访50批195人次，与去年同期（26批92人次）相比件数上升92%、人数上升112%。其中……"
 */
export function renderNarrative(report: Report): { paragraphs: string[]; text: string } {
  const label = periodLabel(report.from, report.to);
  const paragraphs: string[] = [];
  if (report.total.batches === 0) {
    paragraphs.push(`${label}，未受理群众来信来访。`);
    return { paragraphs, text: paragraphs.join('\n') };
  }

  const channels = (['letter', 'visit', 'online', 'phone', 'mailbox'] as const)
    .filter((c) => report.byChannel[c].batches > 0)
    .map((c) =>
      c === 'visit'
        ? `来访${visitCount(report.byChannel.visit)}`
        : `${CHANNEL_LABELS[c]}${report.byChannel[c].batches}件`,
    );
  const first = [
    `${label}，共接待各类群众来信来访${visitCount(report.total)}，${comparisonSentence(report)}。`,
  ];
  first.push(`其中${channels.join('，')}。`);
  if (report.collective.batches > 0) {
    first.push(`集体访${visitCount(report.collective)}，个体访${visitCount(report.individual)}。`);
  }
  if (report.leaderReceptions.batches > 0) first.push(`领导接访${visitCount(report.leaderReceptions)}。`);
  paragraphs.push(first.join(''));

  const categories = report.byCategory
    .filter((c) => c.level === 2 || !report.byCategory.some((x) => x.parent === c.name))
    .map(
      (c) =>
        `${c.name}问题${visitCount(c)}${c.collectiveBatches > 0 ? `（其中集体访${visitCount({ batches: c.collectiveBatches, persons: c.collectivePersons })}）` : ''}`,
    );
  if (categories.length > 0) paragraphs.push(`按内容分类：${categories.join('，')}。`);

  const other: string[] = [];
  if (report.firstVsRepeat.repeat.batches > 0)
    other.push(`重复信访${visitCount(report.firstVsRepeat.repeat)}`);
  if (report.skipLevel.batches > 0) other.push(`越级信访${visitCount(report.skipLevel)}`);
  if (other.length > 0) paragraphs.push(`${other.join('，')}。`);

  const closing = [
    `各类信访事项已办结${report.concluded}件，正在办理${report.inProgress}件，结案率${percent(report.concludedRate)}。`,
  ];
  const rates = [
    ['及时受理率', report.rates.timelyAcceptance],
    ['按期办结率', report.rates.onTimeConclusion],
    ['参评率', report.rates.evaluationParticipation],
    ['满意率', report.rates.satisfaction],
    ['日清日结率', report.rates.sameDayForwarding],
  ] as const;
  const shown = rates.filter(([, r]) => r !== null).map(([name, r]) => `${name}${percent(r)}`);
  if (shown.length > 0) closing.push(`${shown.join('，')}。`);
  paragraphs.push(closing.join(''));
  return { paragraphs, text: paragraphs.join('\n') };
}
