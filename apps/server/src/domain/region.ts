/**
 * GB/T 2260 codes are hierarchical: 63 0000 province, 6301 00 city, 632223 county, and township
 * codes (9 or 12 digits) extend their county's 6 digits. A region's subtree is therefore every code
 * that starts with its significant prefix.
 */
export function regionPrefix(code: string): string {
  if (code.length > 6) return code.slice(0, trimZeroTriplets(code));
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

function trimZeroTriplets(code: string): number {
  let end = code.length;
  while (end > 6 && code.slice(end - 3, end) === '000') end -= 3;
  return end;
}

export function isInRegion(code: string, ancestor: string): boolean {
  return code.startsWith(regionPrefix(ancestor));
}

/** Level from the code's shape: 1 province, 2 city, 3 county, 4 township, 5 village. */
export function regionLevel(code: string): number {
  if (code.length === 12) return code.endsWith('000') ? 4 : 5;
  if (code.length === 9) return 4;
  if (code.endsWith('0000')) return 1;
  if (code.endsWith('00')) return 2;
  return 3;
}

/** The parent code implied by the shape (null for a province). */
export function impliedParent(code: string): string | null {
  const level = regionLevel(code);
  if (level === 1) return null;
  if (level === 2) return `${code.slice(0, 2)}0000`;
  if (level === 3) return `${code.slice(0, 4)}00`;
  if (level === 4) return code.slice(0, 6);
  return `${code.slice(0, 9)}000`;
}

/** The code and every ancestor implied by its shape, from the province down. */
export function regionChain(code: string): string[] {
  const chain: string[] = [];
  for (let c: string | null = code; c; c = impliedParent(c)) chain.unshift(c);
  return chain;
}
