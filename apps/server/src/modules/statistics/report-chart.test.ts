import { describe, expect, it } from 'vitest';
import { renderBarChart } from './report-chart.ts';

describe('the report chart (ECharts SSR → resvg)', () => {
  it('draws title, legend, axis names and every value, and rasterises the same drawing at twice its size', () => {
    const chart = renderBarChart({
      title: '2026年1月至3月各类信访批次与人次',
      categories: ['来访', '来信', '网上信访'],
      series: [
        { name: '批次（件）', values: [12, 5, 30] },
        { name: '人次', values: [20, 6, 31] },
      ],
      xAxisName: '信访形式',
      yAxisName: '数量',
    });
    for (const text of [
      '2026年1月至3月各类信访批次与人次',
      '批次（件）',
      '人次',
      '信访形式',
      '数量',
      '网上信访',
    ])
      expect(chart.svg).toContain(`>${text}<`);
    for (const value of ['12', '5', '30', '20', '6', '31']) expect(chart.svg).toContain(`>${value}<`);
    // PNG header: signature, then IHDR width and height (720 × 400 drawn at 2×).
    expect(chart.png.subarray(1, 4).toString()).toBe('PNG');
    expect(chart.png.readUInt32BE(16)).toBe(1440);
    expect(chart.png.readUInt32BE(20)).toBe(800);
    expect(chart.description).toBe(
      '来访批次（件）12、人次20；来信批次（件）5、人次6；网上信访批次（件）30、人次31',
    );
  });
});

describe('the chart font (hb-subset of the CJK collection)', () => {
  it('picks the simplified Chinese face of the collection and cuts it to the characters asked for', async () => {
    const { readFileSync, statSync } = await import('node:fs');
    const { cjkFontFile, CJK_FONT_FAMILY } = await import('./chart-font.ts');
    const { faceIndexOfFamily } = await import('./font-collection.ts');
    const { chartFontFileFor } = await import('./chart-font-subset.ts');
    const file = cjkFontFile();
    const index = faceIndexOfFamily(readFileSync(file), CJK_FONT_FAMILY);
    if (file.endsWith('.ttc')) expect(index).toBeGreaterThan(0);
    const subset = chartFontFileFor('各类信访批次与人次0123456789');
    expect(statSync(subset).size).toBeGreaterThan(1000);
    expect(statSync(subset).size).toBeLessThan(200_000);
    expect(chartFontFileFor('人次与批次各类信访9876543210')).toBe(subset);
  });
});
