/**
 * The demo county's division chain and townships (illustrative data for `xinfang demo` and first
 * start). A full GB/T 2260 list is loaded with `xinfang regions load FILE`.
 */
export const DEMO_REGIONS: Array<{ code: string; name: string }> = [
  { code: '410000', name: '河南省' },
  { code: '410200', name: '开封市' },
  { code: '410225', name: '兰考县' },
  { code: '410225001', name: '城关镇' },
  { code: '410225100', name: '堌阳镇' },
  { code: '410225101', name: '南彰镇' },
  { code: '410225102', name: '仪封乡' },
  { code: '410225103', name: '东坝头乡' },
  { code: '410225104', name: '红庙镇' },
  { code: '410225105', name: '谷营镇' },
  { code: '410225106', name: '三义寨乡' },
];
export const DEMO_COUNTY_CODE = '410225';
export const DEMO_CITY_CODE = '410200';
