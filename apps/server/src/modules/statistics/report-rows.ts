import { CHANNEL_LABELS } from '@xinfang/contract';
import { percent, periodLabel } from '../../domain/statistics/narrative.ts';
import { CHANNELS, type Report } from '../../domain/statistics/report.ts';
import type { BarChartSpec } from './report-chart.ts';

/** The chart both report documents carry: batches and persons by channel (信访形式). */
export function channelChartSpec(report: Report): BarChartSpec {
  return {
    title: `${periodLabel(report.from, report.to)}各类信访批次与人次`,
    categories: CHANNELS.map((c) => CHANNEL_LABELS[c]),
    series: [
      { name: '批次（件）', values: CHANNELS.map((c) => report.byChannel[c].batches) },
      { name: '人次', values: CHANNELS.map((c) => report.byChannel[c].persons) },
    ],
    xAxisName: '信访形式',
    yAxisName: '数量',
  };
}

/** The tables both report documents show, as rows of cells. */
export function channelTable(report: Report): string[][] {
  const pct = (r: number | null) => (r === null ? '—' : percent(r));
  return [
    ['信访形式', '批次（件）', '人次', '去年同期批次', '去年同期人次', '批次同比', '人次同比'],
    ...CHANNELS.map((c) => [
      CHANNEL_LABELS[c],
      String(report.byChannel[c].batches),
      String(report.byChannel[c].persons),
      String(report.previousYear.byChannel[c].batches),
      String(report.previousYear.byChannel[c].persons),
      pct(report.yoy.byChannel[c].batches),
      pct(report.yoy.byChannel[c].persons),
    ]),
    [
      '合计',
      String(report.total.batches),
      String(report.total.persons),
      String(report.previousYear.total.batches),
      String(report.previousYear.total.persons),
      pct(report.yoy.total.batches),
      pct(report.yoy.total.persons),
    ],
  ];
}

export function categoryTable(report: Report): string[][] {
  return [
    ['内容分类', '上级分类', '批次', '人次', '集体访批次', '集体访人次'],
    ...report.byCategory.map((c) => [
      c.name,
      c.parent ?? '',
      String(c.batches),
      String(c.persons),
      String(c.collectiveBatches),
      String(c.collectivePersons),
    ]),
  ];
}

export function rateTable(report: Report): string[][] {
  const d = report.rateDetails;
  return [
    ['指标', '数值', '分子', '分母', '口径'],
    [
      '结案率',
      percent(report.concludedRate),
      String(d.concluded.numerator),
      String(d.concluded.denominator),
      '已办结 / 总件数',
    ],
    [
      '及时受理率',
      percent(d.timelyAcceptance.value),
      String(d.timelyAcceptance.numerator),
      String(d.timelyAcceptance.denominator),
      '及时受理 / (及时受理+超期受理+超期未受理)',
    ],
    [
      '按期办结率',
      percent(d.onTimeConclusion.value),
      String(d.onTimeConclusion.numerator),
      String(d.onTimeConclusion.denominator),
      '按期答复 / (按期+超期答复+未到期未答复+超期未答复)',
    ],
    [
      '参评率',
      percent(d.evaluationParticipation.value),
      String(d.evaluationParticipation.numerator),
      String(d.evaluationParticipation.denominator),
      '已评价 / (已评价+评价期满未评价)',
    ],
    [
      '满意率',
      percent(d.satisfaction.value),
      String(d.satisfaction.numerator),
      String(d.satisfaction.denominator),
      '(满意+基本满意) / 已评价',
    ],
    [
      '日清日结率',
      percent(d.sameDayForwarding.value),
      String(d.sameDayForwarding.numerator),
      String(d.sameDayForwarding.denominator),
      '登记当日分流的初信初访 / 初信初访',
    ],
    [
      '上报办结率',
      percent(d.reportedConcluded.value),
      String(d.reportedConcluded.numerator),
      String(d.reportedConcluded.denominator),
      '审核办结 / 上级交办件',
    ],
  ];
}

export function groupTable(
  title: string,
  rows: Array<{ name: string; batches: number; persons: number }>,
): string[][] {
  return [[title, '批次', '人次'], ...rows.map((r) => [r.name, String(r.batches), String(r.persons)])];
}
