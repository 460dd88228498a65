/**
 * SQL built with a tagged template (docs/architecture.md §5.9): values become `?` parameters, never
 * concatenated text. `sql.raw` inserts trusted SQL fragments (identifiers from code, not input).
 */

export type SqlValue = string | number | bigint | null | Uint8Array;

/** A query and its parameters. */
export interface SqlQuery {
  readonly text: string;
  readonly params: readonly SqlValue[];
}

class RawSql {
  constructor(readonly text: string) {}
}

/** Tagged template: sql`SELECT * FROM t WHERE id = ${id}`. Nested SqlQuery values are spliced. */
export function sql(
  strings: TemplateStringsArray,
  ...values: readonly (SqlValue | SqlQuery | RawSql | boolean | undefined)[]
): SqlQuery {
  let text = strings[0] ?? '';
  const params: SqlValue[] = [];
  values.forEach((v, i) => {
    if (v instanceof RawSql) text += v.text;
    else if (isQuery(v)) {
      text += v.text;
      params.push(...v.params);
    } else {
      text += '?';
      params.push(v === undefined ? null : typeof v === 'boolean' ? (v ? 1 : 0) : v);
    }
    text += strings[i + 1] ?? '';
  });
  return { text, params };
}

/** A trusted fragment (table or column names chosen by code). */
sql.raw = (text: string): RawSql => new RawSql(text);

/** Joins queries with a separator: sql.join([sql`a = ${1}`, sql`b = ${2}`], ' AND '). */
sql.join = (parts: readonly SqlQuery[], sep: string): SqlQuery => ({
  text: parts.map((p) => p.text).join(sep),
  params: parts.flatMap((p) => p.params),
});

function isQuery(v: unknown): v is SqlQuery {
  return typeof v === 'object' && v !== null && 'text' in v && 'params' in v && !(v instanceof Uint8Array);
}
