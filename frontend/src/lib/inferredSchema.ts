import type { Profile } from '../api/types';

/** One line of the schema inferred from a JSON upload: a column anywhere in the tree, named by its path (a.b[].c). */
export interface InferredColumn {
  path: string;
  type: string;
  nullable: boolean;
  widened: number;
  note: string | null;
}

export interface InferredSummary {
  records: number | null;
  columns: InferredColumn[];
  widenedTotal: number;
}

interface FieldJson {
  name?: unknown;
  type?: unknown;
  nullable?: unknown;
  widened?: unknown;
  note?: unknown;
  fields?: unknown;
  element?: unknown;
}

function flatten(field: FieldJson, path: string, out: InferredColumn[]) {
  out.push({
    path,
    type: typeof field.type === 'string' ? field.type : '?',
    nullable: field.nullable !== false,
    widened: typeof field.widened === 'number' ? field.widened : 0,
    note: typeof field.note === 'string' ? field.note : null,
  });
  if (Array.isArray(field.fields)) {
    for (const child of field.fields as FieldJson[]) flatten(child, `${path}.${String(child.name)}`, out);
  } else if (field.element && typeof field.element === 'object') {
    flatten(field.element as FieldJson, `${path}[]`, out);
  }
}

/**
 * The inferred schema of a JSON upload, from whichever of these the server provides: the profile's `inferredSchema`
 * (or `schema`) holding the converter's schema document {records, fields:[{name,type,nullable,widened?,note?,fields?|element?}]},
 * or a flat list {columns:[{path,type,nullable,widened,note}]}. Null when there is none (Parquet uploads; older servers).
 */
export function inferredSchemaOf(profile: Profile | null | undefined, schemaDocument?: unknown): InferredSummary | null {
  const source = (schemaDocument ?? profile?.inferredSchema ?? profile?.schema) as
    | { records?: unknown; recordCount?: unknown; fields?: unknown; columns?: unknown }
    | undefined
    | null;
  if (!source || typeof source !== 'object') return null;
  const columns: InferredColumn[] = [];
  if (Array.isArray(source.fields)) {
    for (const field of source.fields as FieldJson[]) flatten(field, String(field.name), columns);
  } else if (Array.isArray(source.columns)) {
    for (const c of source.columns as Record<string, unknown>[]) {
      columns.push({
        path: String(c.path ?? c.name ?? '?'),
        type: String(c.type ?? '?'),
        nullable: c.nullable !== false,
        widened: typeof c.widened === 'number' ? c.widened : 0,
        note: typeof c.note === 'string' ? c.note : null,
      });
    }
  } else {
    return null;
  }
  if (columns.length === 0) return null;
  const records = typeof source.records === 'number' ? source.records : typeof source.recordCount === 'number' ? source.recordCount : null;
  return { records, columns, widenedTotal: columns.reduce((sum, c) => sum + c.widened, 0) };
}
