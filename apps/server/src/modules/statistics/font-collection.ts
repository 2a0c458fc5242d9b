/**
 * Which face of an OpenType collection (.ttc) carries a family name: the Noto CJK collection holds
 * JP, KR, SC, TC and HK faces, and the charts want the simplified Chinese one. Reads the offset
 * tables and the `name` table (Windows, UTF-16BE); a single font (.otf/.ttf) is face 0.
 */
export function faceIndexOfFamily(font: Uint8Array, family: string): number {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  if (view.getUint32(0) !== 0x74746366 /* 'ttcf' */) return 0;
  const faces = view.getUint32(8);
  for (let index = 0; index < faces; index++) {
    const offset = view.getUint32(12 + 4 * index);
    if (familyNames(view, offset).includes(family)) return index;
  }
  return 0;
}

/** The family names (IDs 1 and 16) in the Windows platform records of one face's `name` table. */
function familyNames(view: DataView, faceOffset: number): string[] {
  const tables = view.getUint16(faceOffset + 4);
  for (let t = 0; t < tables; t++) {
    const record = faceOffset + 12 + 16 * t;
    if (view.getUint32(record) !== 0x6e616d65 /* 'name' */) continue;
    const table = view.getUint32(record + 8);
    const count = view.getUint16(table + 2);
    const strings = table + view.getUint16(table + 4);
    const names: string[] = [];
    for (let n = 0; n < count; n++) {
      const r = table + 6 + 12 * n;
      const platform = view.getUint16(r);
      const nameId = view.getUint16(r + 6);
      if (platform !== 3 || (nameId !== 1 && nameId !== 16)) continue;
      const length = view.getUint16(r + 8);
      const start = strings + view.getUint16(r + 10);
      let text = '';
      for (let i = 0; i < length; i += 2) text += String.fromCharCode(view.getUint16(start + i));
      names.push(text);
    }
    return names;
  }
  return [];
}
