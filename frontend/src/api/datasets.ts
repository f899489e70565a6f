// The datasets API's shapes (DESIGN.md "Datasets, tables and changes"; camelCase on the wire).

export type Policy = 'evolve' | 'freeze' | 'review';
export const POLICIES: readonly Policy[] = ['evolve', 'freeze', 'review'];

export type VersionStatus = 'current' | 'previous' | 'pending-review' | 'rejected';
export type Severity = 'breaking' | 'warning' | 'info';
export type Decision = 'applied' | 'held-for-review' | 'rejected';

export interface DatasetSummary {
  name: string;
  currentVersion: number | null;
  policy: Policy;
  tables: string[];
  updatedAt: string;
}

export interface VersionSummary {
  version: number;
  jobId: string;
  createdAt: string;
  status: VersionStatus;
  changeSummary: string | null;
}

export interface DatasetRecord {
  name: string;
  policy: Policy;
  currentVersion: number | null;
  createdAt?: string;
  updatedAt?: string;
  /** Newest first. */
  versions: VersionSummary[];
}

export interface ColumnSchema {
  name: string;
  type: string;
  nullable: boolean;
  sourcePath: string;
  nullCount?: number | null;
}

export interface NaturalKey {
  columns: string[];
  confidence: number;
  reason: string;
}

export interface ForeignKey {
  columns: string[];
  references: { table: string; columns: string[] };
}

export interface TableSchema {
  name: string;
  parent?: string | null;
  primaryKey: string[];
  naturalKey?: NaturalKey | null;
  foreignKeys: ForeignKey[];
  columns: ColumnSchema[];
  rowCount: number;
  file?: string | null;
  validation?: { expectedRows: number; rows: number; checksum: string; holds: boolean } | null;
}

export interface Recommendation {
  layout: 'normalized' | 'denormalized';
  confidence: number;
  reason: string;
}

export interface ScanCost {
  bytes: number;
  scanUsd: number;
  storageUsdPerMonth: number;
}

export interface CostEstimate {
  input: ScanCost;
  tables: { table: string; cost: ScanCost }[];
  total: ScanCost;
  prices: { athenaUsdPerTb: number; athenaMinimumBytes: number; s3UsdPerGbMonth: number; source: string };
}

export interface Change {
  kind: string;
  table: string;
  column?: string | null;
  from?: string | null;
  to?: string | null;
  severity: Severity;
  reason: string;
  samples?: Record<string, unknown>[] | null;
}

export interface DatasetVersionDetail {
  dataset: string;
  version: number;
  jobId: string;
  createdAt: string;
  status: VersionStatus;
  tables: TableSchema[];
  recommendation?: Recommendation | null;
  cost?: CostEstimate | null;
  inputRecords?: number | null;
  aliases?: { kind: string; table: string; path: string; original: string; name: string; reason: string }[];
  fromVersion?: number | null;
  decision?: Decision | null;
  changes: Change[];
}

/** Dataset names: lower-case letters, digits and underscores, at most 63 characters (Postgres and Glue limits). */
export const DATASET_NAME = /^[a-z0-9_]{1,63}$/;

/** Why a dataset name is refused, or null when it is fine. */
export function datasetNameProblem(name: string): string | null {
  if (name === '') return null;
  if (name.length > 63) return `A dataset name has at most 63 characters; this one has ${name.length}.`;
  if (!DATASET_NAME.test(name)) {
    const suggestion = name.toLowerCase().replace(/[^a-z0-9_]+/g, '_').slice(0, 63);
    return `Use lower-case letters, digits and _ only${suggestion && DATASET_NAME.test(suggestion) ? ` (for example ${suggestion})` : ''}.`;
  }
  return null;
}
