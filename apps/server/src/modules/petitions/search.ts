import { type SQL, sql } from 'drizzle-orm';
import { searchDocument, searchVectorLiteral } from '../../domain/text/bigrams.ts';

/** The tsvector value of a petition's searchable text (case number, title, content), built in Node. */
export function searchVectorOf(...parts: Array<string | null | undefined>): SQL {
  const literal = searchVectorLiteral(...parts);
  return literal === null
    ? sql`to_tsvector('simple', ${searchDocument(...parts)})`
    : sql`${literal}::tsvector`;
}
