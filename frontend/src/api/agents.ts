// The agents API's shapes (issue 11, /work/notes/AGENTS-CONTRACT.md; Etl.Core/Agents records, camelCase on the wire).

/** POST /agent-invoke. The source is a dataset of the catalog (or a convert job's tables); the project is new or a previous run's. */
export interface AgentInvokeRequest {
  prompt: string;
  dataset?: string;
  jobId?: string;
  targetDatabase?: string;
  newProject?: boolean;
  previousJobId?: string;
}

/** 202 from POST /agent-invoke. */
export interface AgentInvokeResult {
  jobId: string;
  status: string;
  runId?: string | null;
  agent?: string | null;
  costEstimateUsd?: number | null;
}

/** One decision an agent made: what, how sure (0–1), why. */
export interface AgentDecision {
  action: string;
  confidence: number;
  reasoning: string;
}

export interface ColumnMapping {
  name: string;
  source: string;
  kind: 'direct' | 'transformed' | 'derived' | string;
  expression?: string | null;
  confidence: number;
  reasoning: string;
}

export interface PlannedModel {
  name: string;
  layer: 'staging' | 'intermediate' | 'marts' | string;
  materialization: 'view' | 'table' | 'incremental' | string;
  inputs: string[];
  description: string;
  decision: AgentDecision;
  uniqueKey?: string[] | null;
  columns?: ColumnMapping[] | null;
}

export interface ProjectPlan {
  projectName: string;
  sourceName: string;
  models: PlannedModel[];
  decisions: AgentDecision[];
}

export interface FileCheck {
  path: string;
  schema?: string | null;
  errors: { line?: number | null; message: string }[];
}

export interface ModelRun {
  model: string;
  path: string;
  materialization: string;
  ran: boolean;
  incrementalRan?: boolean | null;
  rows?: number | null;
  error?: string | null;
  errorLine?: number | null;
  notValidated?: string[];
  renderedSql?: string | null;
}

export interface TestRun {
  name: string;
  test: string;
  model: string;
  column?: string | null;
  definedIn: string;
  passed: boolean;
  failingRows: number;
  failingRow?: Record<string, unknown> | null;
  error?: string | null;
}

export interface RowReconciliation {
  model: string;
  path: string;
  from: string;
  fromRows: number;
  rows: number;
  flagged: boolean;
  reason: string;
}

export interface ValidationReport {
  passed: boolean;
  files: FileCheck[];
  models: ModelRun[];
  tests: TestRun[];
  reconciliations: RowReconciliation[];
}

export interface Tokens {
  input: number;
  output: number;
  total?: number;
}

export interface RunStage {
  stage: string;
  file?: string | null;
  durationSeconds?: number | null;
  tokens?: Tokens | null;
  costUsd?: number | null;
  decisions?: AgentDecision[];
}

export type FileOrigin = 'generated' | 'kept' | 'merged' | 'human';
export type FileValidation = 'passed' | 'failed' | 'not-run';

export interface RunFile {
  path: string;
  content: string;
  origin?: FileOrigin | string | null;
  validation?: FileValidation | string | null;
}

/** runs/{runId}/run.json (GET /download/{jobId}?artifact=log). */
export interface AgentRun {
  runId: string;
  jobId: string;
  agent: string;
  model: string;
  prompt: string;
  /** Every prompt of the chain of runs, oldest first. */
  prompts?: string[];
  source?: { name: string; dataset?: string | null; datasetVersion?: number | null; jobId?: string | null; tables: string[] } | null;
  costEstimateUsd?: number | null;
  tokens?: Tokens | null;
  costUsd?: number | null;
  stages: RunStage[];
  plan?: ProjectPlan | null;
  files: RunFile[];
  validation?: { passed: boolean; rounds: number; report?: ValidationReport | null } | null;
  /** An update of an existing project: where it came from, each file's origin, the merge's decisions, the unified diff. */
  update?: { from: string; origins?: Record<string, string> | null; decisions?: AgentDecision[] | null; diff?: string | null } | null;
}
