/** COPY's text format, without I/O (worker threads encode rows with it). */
export type CopyValue = string | number | boolean | null | undefined;

/** One value in COPY's text format: `\N` for null; backslash, tab, newline and CR escaped. */
export function copyField(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value !== 'string') return String(value);
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

/** One row (a line of COPY's text format). */
export const copyLine = (values: CopyValue[]): string => `${values.map(copyField).join('\t')}\n`;
