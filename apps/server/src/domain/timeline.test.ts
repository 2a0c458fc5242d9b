import { describe, expect, it } from 'vitest';
// The timeline's wording lives in the contract, which the web renders; its rules are tested here.
import { eventDetails } from '@xinfang/contract';

describe('what a timeline entry says it decided', () => {
  it('names the unit a matter went to and the kind of routing', () => {
    expect(eventDetails('triage', { kind: 'assign', unitName: '兰考县人力资源和社会保障局' })).toEqual([
      '交办 · 至兰考县人力资源和社会保障局',
    ]);
    // 存档 carries its kind only in the changed columns.
    expect(eventDetails('triage', { after: { triage: 'file' }, reason: '重复件' })).toEqual([
      '存档',
      '重复件',
    ]);
    expect(eventDetails('reassign', { unitName: '城关镇人民政府', note: '属地管理' })).toEqual([
      '改派 · 至城关镇人民政府',
      '属地管理',
    ]);
  });

  it('says how and when a notice reached the petitioner, and when it was recorded late', () => {
    expect(
      eventDetails('recordDelivery', {
        notice: '处理意见书',
        documentNo: '兰信复〔2026〕12号',
        methodLabel: '邮寄送达',
        deliveredOn: '2026-03-04',
        recordedLate: true,
        trackingNo: '1178420309912',
      }),
    ).toEqual([
      '处理意见书（兰信复〔2026〕12号） · 邮寄送达 · 送达日期 2026-03-04（补登） · 邮件单号 1178420309912',
    ]);
    expect(
      eventDetails('recordDelivery', {
        notice: '受理告知书',
        documentNo: null,
        methodLabel: '直接送达（当面）',
        deliveredOn: '2026-03-05',
        recordedLate: false,
        trackingNo: null,
      }),
    ).toEqual(['受理告知书 · 直接送达（当面） · 送达日期 2026-03-05']);
  });

  it('gives outcomes, organs, ratings, extensions and 化解 by their Chinese names', () => {
    expect(eventDetails('reply', { outcome: 'reject', facts: '经查……' })).toEqual(['不予支持']);
    expect(
      eventDetails('evaluate', { result: 'basically_satisfied', channel: 'phone', comment: '还行' }),
    ).toEqual(['基本满意 · 电话评价', '还行']);
    expect(eventDetails('requestReview', { organName: '兰考县人民政府', reason: '不服处理意见' })).toEqual([
      '复查机关 兰考县人民政府',
      '不服处理意见',
    ]);
    expect(eventDetails('decideReReview', { outcome: 'uphold', organName: '开封市人民政府' })).toEqual([
      '维持原处理意见 · 开封市人民政府',
    ]);
    expect(eventDetails('extend', { days: 30, approverName: '王局长', reason: '情况复杂' })).toEqual([
      '延长30日 · 批准人 王局长',
      '情况复杂',
    ]);
    expect(eventDetails('finalize', { resolved: false, resolutionNote: '信访人仍坚持原诉求' })).toEqual([
      '未化解 · 信访人仍坚持原诉求',
    ]);
    expect(
      eventDetails('recordHearing', { startOn: '2026-03-16', endOn: '2026-03-18', place: '听证室' }),
    ).toEqual(['听证 2026-03-16 至 2026-03-18 · 听证室']);
    expect(eventDetails('decline', { reason: '属于劳动仲裁事项', legalChannel: '劳动人事争议仲裁' })).toEqual(
      ['法定途径：劳动人事争议仲裁', '属于劳动仲裁事项'],
    );
  });

  it('says nothing more for an action that carries nothing to say, and ignores unknown codes', () => {
    expect(eventDetails('sign', { note: null, after: { state: 'pending_acceptance' } })).toEqual([]);
    expect(eventDetails('reply', { outcome: 'no-such-outcome' })).toEqual([]);
    expect(eventDetails('register', { after: { caseNo: '410225-2026-000001' } })).toEqual([]);
  });
});
