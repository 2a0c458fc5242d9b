/** The look of official documents (GB/T 9704 style), shared by notices and receipts. */
export const BODY_FONT = { ascii: 'FangSong', eastAsia: '仿宋_GB2312', hAnsi: 'FangSong' };
export const TITLE_FONT = { ascii: 'SimSun', eastAsia: '方正小标宋简体', hAnsi: 'SimSun' };
/** Twips per centimetre. */
export const CM = 567;

/** An A4 page with margins in centimetres. */
export function a4Page(margins: { top: number; bottom: number; left: number; right: number }) {
  return {
    size: { width: 11906, height: 16838 },
    margin: {
      top: Math.round(margins.top * CM),
      bottom: Math.round(margins.bottom * CM),
      left: Math.round(margins.left * CM),
      right: Math.round(margins.right * CM),
    },
  };
}
