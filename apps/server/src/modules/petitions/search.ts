import { type SQL, sql } from 'drizzle-orm';
import { searchDocument } from '../../domain/text/bigrams.ts';

/** The tsvector value of a petition's searchable text (case number, title, content). */
export function searchVectorOf(...parts: Array<string | null | undefined>): SQL {
  return sql`to_tsvector('simple', ${searchDocument(...parts)})`;
}
