import { describe, expect, it } from 'vitest';
import { compactJson, formatBytes, formatDuration, secondsBetween } from './format';
import { inferredSchemaOf } from './inferredSchema';
import { describeStage, stagesOf } from './stages';
import { job } from '../test/fakes';

describe('formatting', () => {
  it('formats sizes', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1851)).toBe('1.8 KB');
    expect(formatBytes(5 * 1024 * 1024 * 1024)).toBe('5.0 GB');
    expect(formatBytes(null)).toBe('—');
  });

  it('formats durations', () => {
    expect(formatDuration(0.42)).toBe('0.42 s');
    expect(formatDuration(3.25)).toBe('3.3 s');
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(125)).toBe('2 min 05 s');
    expect(formatDuration(3720)).toBe('1 h 02 min');
    expect(formatDuration(null)).toBe('—');
  });

  it('measures between timestamps', () => {
    expect(secondsBetween('2025-01-01T00:00:00Z', '2025-01-01T00:00:01.5Z')).toBe(1.5);
    expect(secondsBetween(null)).toBeNull();
  });

  it('shortens JSON to one line', () => {
    expect(compactJson({ a: [1, 2], b: 'x' })).toBe('{"a":[1,2],"b":"x"}');
    expect(compactJson('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('stagesOf', () => {
  it('uses the server’s stages when present', () => {
    expect(stagesOf(job()).map((s) => s.status)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);
  });

  it('derives stages from stage and status for an older server', () => {
    const derived = stagesOf(job({ stages: undefined, status: 'FAILED', stage: 'convert' }));
    expect(derived.map((s) => `${s.name}:${s.status}`)).toEqual(['validate:COMPLETED', 'convert:FAILED', 'profile:SKIPPED']);
    expect(stagesOf(job({ stages: undefined, status: 'RUNNING', stage: 'validate' })).map((s) => s.status)).toEqual(['RUNNING', 'PENDING', 'PENDING']);
  });
});

describe('describeStage', () => {
  it('speaks of the job’s own formats', () => {
    expect(describeStage('convert', { inputFormat: 'ndjson', outputFormat: 'parquet' })).toBe('Converts NDJSON to Parquet.');
    expect(describeStage('validate', { inputFormat: 'parquet', outputFormat: 'ndjson' })).toMatch(/really is Parquet/);
    expect(describeStage('validate', { inputFormat: 'json', outputFormat: 'parquet' })).toMatch(/infers the schema/);
    expect(describeStage('profile', { inputFormat: 'json', outputFormat: 'ndjson' })).toMatch(/Nothing to profile/);
    expect(describeStage('catalog', { outputFormat: null })).toMatch(/Registers the dataset/);
  });
});

describe('inferredSchemaOf', () => {
  it('flattens the converter’s schema document with widened counts', () => {
    const summary = inferredSchemaOf({
      rowCount: 3,
      columns: [],
      sampleRows: [],
      inferredSchema: {
        version: 1,
        records: 3,
        shape: 'objects',
        wrapsValues: false,
        fields: [
          { name: 'id', type: 'INT64', nullable: false },
          { name: 'price', type: 'DOUBLE', nullable: true, widened: 2, note: 'integers stored as DOUBLE' },
          { name: 'tags', type: 'LIST', nullable: true, element: { name: 'element', type: 'STRING', nullable: true } },
          { name: 'addr', type: 'STRUCT', nullable: true, fields: [{ name: 'city', type: 'STRING', nullable: true }] },
        ],
      },
    });
    expect(summary?.records).toBe(3);
    expect(summary?.widenedTotal).toBe(2);
    expect(summary?.columns.map((c) => `${c.path}:${c.type}`)).toEqual(['id:INT64', 'price:DOUBLE', 'tags:LIST', 'tags[]:STRING', 'addr:STRUCT', 'addr.city:STRING']);
  });

  it('is null for a Parquet profile', () => {
    expect(inferredSchemaOf({ rowCount: 1, columns: [], sampleRows: [] })).toBeNull();
  });
});
