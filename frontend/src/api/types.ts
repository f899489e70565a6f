// The REST API's shapes (see DESIGN.md "REST API" and GET /openapi/v1.json).

export const JOB_STATUSES = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** One pipeline stage of a job (GET /job-status/{jobId} → stages[]). */
export interface JobStage {
  name: string;
  /** RUNNING | COMPLETED | FAILED once entered; PENDING not reached yet; SKIPPED not run because an earlier stage failed. */
  status: 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'SKIPPED' | string;
  startedAt: string | null;
  completedAt: string | null;
  durationSeconds: number | null;
  attempts: number;
}

export interface Job {
  jobId: string;
  type?: string;
  fileName: string;
  status: JobStatus;
  stage: string | null;
  progress: number;
  createdAt: string;
  updatedAt: string;
  startedAt?: string | null;
  processingTime: number | null;
  errorMessage: string | null;
  errorType?: string | null;
  rowCount: number | null;
  inputFormat?: string;
  outputFormat: string | null;
  bytesIn?: number | null;
  bytesOut?: number | null;
  /** Added with the web page; older servers omit it. */
  stages?: JobStage[];
  /** The dataset the job loads into (POST /trigger-job `dataset`), when it names one. */
  dataset?: string | null;
  normalize?: boolean | null;
  /** The catalog version the job made. */
  datasetVersion?: number | null;
  /** "pending" while its version waits for approval. */
  review?: 'pending' | 'approved' | 'rejected' | string | null;
  /** An agent job (type "agent"): what was asked, its run folder, which agent, tokens (input + output) and cost. */
  prompt?: string | null;
  runId?: string | null;
  agent?: string | null;
  tokens?: number | null;
  costUsd?: number | null;
  costEstimateUsd?: number | null;
  /** A failed job's diagnosis: input, schema, limit, transient or internal. */
  errorCategory?: string | null;
  /** What to do: retry, fix-input, raise-limit, review-change or escalate. */
  suggestedAction?: string | null;
  /** The resolution in words (which line to fix, which setting to raise). */
  resolution?: string | null;
}

export interface JobPage {
  jobs: Job[];
  nextToken: string | null;
}

export interface SignedUpload {
  jobId: string;
  message: string;
  uploadUrl: string;
  expiresIn: number;
  /** Headers the PUT must carry as given (on AWS `If-None-Match: *`, which seals the input); empty when none. */
  uploadHeaders?: Record<string, string>;
}

export interface TriggerResult {
  jobId: string;
  status: JobStatus;
  message: string;
}

export interface DownloadLink {
  downloadUrl: string;
  fileName: string;
  expiresIn: number;
}

export type OutputFormat = 'ndjson' | 'json' | 'parquet';
export type Artifact = 'output' | 'profile' | 'schema' | 'tables' | 'changes' | 'ddl' | 'dbt' | 'plan' | 'log';

/** What POST /trigger-job takes beside the job id and output format. */
export interface TriggerOptions {
  dataset?: string;
  normalize?: boolean;
}

/** runs/{jobId}/profile.json */
export interface ColumnProfile {
  name: string;
  type: string;
  nullable: boolean;
  nullCount: number;
  min?: unknown;
  max?: unknown;
  distinctEstimate?: number | null;
}

export interface Profile {
  rowCount: number;
  columns: ColumnProfile[];
  sampleRows: Record<string, unknown>[];
  /** The schema inferred from a JSON upload, when the converter records it (see lib/inferredSchema.ts). */
  inferredSchema?: unknown;
  [key: string]: unknown;
}
