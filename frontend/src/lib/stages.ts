import type { Job, JobStage } from '../api/types';

/** What each stage does, in the words of DESIGN.md's pipeline table. */
export const STAGE_DESCRIPTIONS: Record<string, string> = {
  validate: 'Checks the file really is what its name says (Parquet footer, or well-formed JSON).',
  convert: 'Converts Parquet to NDJSON/JSON, or JSON to Parquet.',
  profile: 'Reads the schema, counts rows and nulls, finds min/max and keeps the first rows.',
  catalog: 'Registers the dataset and compares it with its previous version.',
  generate: 'Asks the agents for table designs or a dbt project.',
};

/** The agent pipeline's stages (DESIGN.md "Agent jobs"). */
export const AGENT_STAGE_DESCRIPTIONS: Record<string, string> = {
  plan: 'Reads the tables, keys and profiles with the prompt and proposes models, each with its reason and confidence.',
  generate: 'Writes the dbt project from the plan.',
  refine: 'Reviews the files and repairs what validation found.',
  validate: 'Checks the YAML against dbt\'s schemas and runs every model and test on the data in DuckDB.',
  deliver: 'Packs the project and the run log.',
};

const KNOWN_ORDER = ['validate', 'convert', 'profile'];

const FORMATS: Record<string, string> = { parquet: 'Parquet', json: 'JSON', ndjson: 'NDJSON' };

/** What a stage does for this job in particular (its input and output formats), falling back to the general words. */
export function describeStage(name: string, job: Pick<Job, 'inputFormat' | 'outputFormat'> & { type?: string }): string {
  if (job.type === 'agent') return AGENT_STAGE_DESCRIPTIONS[name] ?? STAGE_DESCRIPTIONS[name] ?? '';
  const input = job.inputFormat ? FORMATS[job.inputFormat] : undefined;
  const output = job.outputFormat ? FORMATS[job.outputFormat] : undefined;
  const fromJson = job.inputFormat === 'json' || job.inputFormat === 'ndjson';
  switch (name) {
    case 'validate':
      return input === 'Parquet'
        ? 'Checks the file really is Parquet: its magic bytes and footer.'
        : fromJson
          ? `Reads every ${input} record, checks it is well-formed and infers the schema.`
          : STAGE_DESCRIPTIONS.validate;
    case 'convert':
      return input && output ? `Converts ${input} to ${output}.` : STAGE_DESCRIPTIONS.convert;
    case 'profile':
      return fromJson && job.outputFormat && job.outputFormat !== 'parquet'
        ? 'Nothing to profile for a JSON result: the inferred schema describes it.'
        : STAGE_DESCRIPTIONS.profile;
    default:
      return STAGE_DESCRIPTIONS[name] ?? '';
  }
}

/**
 * The stages to draw for a job. Servers that report stages[] are used as they are; for an older server, the stages are
 * derived from `stage` and `status` (no times then).
 */
export function stagesOf(job: Job): JobStage[] {
  if (job.stages && job.stages.length > 0) return job.stages;
  if (job.stages && (job.status === 'COMPLETED' || job.status === 'FAILED')) return [];
  // The fallback below is the convert pipeline's; an agent job's stages are only known from the server.
  if (job.type === 'agent') return [];
  const current = job.stage ? KNOWN_ORDER.indexOf(job.stage) : -1;
  return KNOWN_ORDER.map((name, i) => {
    let status: JobStage['status'] = 'PENDING';
    if (job.status === 'COMPLETED') status = 'COMPLETED';
    else if (current >= 0 && i < current) status = 'COMPLETED';
    else if (i === current) status = job.status === 'FAILED' ? 'FAILED' : job.status === 'RUNNING' ? 'RUNNING' : 'PENDING';
    else if (job.status === 'FAILED') status = 'SKIPPED';
    return { name, status, startedAt: null, completedAt: null, durationSeconds: null, attempts: 0 };
  });
}

export function isActive(job: Pick<Job, 'status'>): boolean {
  return job.status === 'PENDING' || job.status === 'RUNNING';
}
