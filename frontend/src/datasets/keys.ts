import type { TableSchema } from '../api/datasets';

/** The columns normalization adds to every table (Etl.Core ReservedColumns). */
export const ReservedColumns = {
  key: '_etl_key',
  parentKey: '_etl_parent_key',
  rootKey: '_etl_root_key',
  position: '_etl_position',
} as const;

export const percent = (confidence: number) => `${Math.round(confidence * 100)}%`;

/** "order_id (95%: unique, never null, named like a key)". */
export function describeNaturalKey(table: TableSchema): string | null {
  const nk = table.naturalKey;
  if (!nk) return null;
  return `${nk.columns.join(', ')} (${percent(nk.confidence)} confident: ${nk.reason})`;
}

/** What a column is in the table's keys, for the badges beside its name. */
export function keyRoles(table: TableSchema, column: string): ('PK' | 'NK' | 'FK')[] {
  const roles: ('PK' | 'NK' | 'FK')[] = [];
  if (table.primaryKey.includes(column)) roles.push('PK');
  if (table.naturalKey?.columns.includes(column)) roles.push('NK');
  if ((table.foreignKeys ?? []).some((fk) => fk.columns.includes(column))) roles.push('FK');
  return roles;
}
