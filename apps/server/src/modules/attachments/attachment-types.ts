import { fileTypeFromBuffer } from 'file-type';

/** What may be attached to a petition: scans, photos, office documents, audio and video. */
const ALLOWED = new Map<string, string>([
  ['application/pdf', 'PDF'],
  ['image/jpeg', 'JPEG'],
  ['image/png', 'PNG'],
  ['image/webp', 'WebP'],
  ['image/gif', 'GIF'],
  ['image/tiff', 'TIFF'],
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'Word'],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Excel'],
  ['application/x-cfb', 'Office 97-2003'],
  ['audio/mpeg', 'MP3'],
  ['audio/x-m4a', 'M4A'],
  ['audio/wav', 'WAV'],
  ['video/mp4', 'MP4'],
]);

/** Sniffs the real type from the bytes (never trusts the declared one); plain UTF-8 text is allowed. */
export async function sniffAllowedType(content: Buffer): Promise<string | null> {
  const detected = await fileTypeFromBuffer(content);
  if (detected) return ALLOWED.has(detected.mime) ? detected.mime : null;
  const text = content.toString('utf8');
  const hasControlBytes = content.some((b) => b < 9 || (b > 13 && b < 32));
  const isText = !text.includes('\uFFFD') && !hasControlBytes;
  return isText ? 'text/plain' : null;
}

export const allowedTypeNames = (): string => [...ALLOWED.values(), '纯文本'].join('、');
