import JSZip from 'jszip';

const ENTITIES: Record<string, string> = {
  '&lt;': '<',
  '&gt;': '>',
  '&amp;': '&',
  '&quot;': '"',
  '&apos;': "'",
};

/** Opens a .docx and returns its text, one line per paragraph (used to read notices back). */
export async function readDocxText(buffer: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(buffer);
  const xml = await zip.file('word/document.xml')?.async('string');
  if (xml === undefined) throw new Error('不是有效的 Word 文档：缺少 word/document.xml');
  return xml
    .split('</w:p>')
    .map((p) =>
      [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)]
        .map((m) => m[1].replace(/&(lt|gt|amp|quot|apos);/g, (e) => ENTITIES[e]))
        .join(''),
    )
    .filter((line) => line.length > 0)
    .join('\n');
}
