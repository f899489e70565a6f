import { describe, expect, it } from 'vitest';
import { updatedRun } from '../test/agentRun';
import { parseUnifiedDiff, summarizeDiff } from './unifiedDiff';

describe('unified diff', () => {
  it('colours added and deleted lines, not the ---/+++ file headers', () => {
    const lines = parseUnifiedDiff(updatedRun().update!.diff!);
    expect(lines.map((l) => l.kind)).toEqual(['file', 'file', 'file', 'hunk', 'add', 'add', 'context', 'del', 'add', 'context']);
    expect(summarizeDiff(lines)).toEqual({ files: 1, added: 3, deleted: 1 });
  });

  it('numbers lines from the hunk header, old numbers on deletions and new numbers on additions', () => {
    const lines = parseUnifiedDiff(['--- a/x', '+++ b/x', '@@ -10,3 +20,3 @@', ' keep', '-old', '+new', ' keep'].join('\n'));
    expect(lines.slice(3).map((l) => [l.kind, l.oldLine, l.newLine])).toEqual([
      ['context', 10, 20],
      ['del', 11, null],
      ['add', null, 21],
      ['context', 12, 22],
    ]);
  });

  it('reads a deleted line that looks like a header ("--- x") as a deletion, and the next file after the hunk as a header', () => {
    const text = ['--- a/m.sql', '+++ b/m.sql', '@@ -1,2 +1,1 @@', '--- a SQL comment', ' select 1', '--- a/n.yml', '+++ b/n.yml', '@@ -1 +1 @@', '-a: 1', '+a: 2'].join('\n');
    const lines = parseUnifiedDiff(text);
    expect(lines.map((l) => l.kind)).toEqual(['file', 'file', 'hunk', 'del', 'context', 'file', 'file', 'hunk', 'del', 'add']);
    expect(summarizeDiff(lines)).toEqual({ files: 2, added: 1, deleted: 2 });
  });

  it('keeps "no newline at end of file" and notes between files as plain lines', () => {
    const lines = parseUnifiedDiff(['Only in b: new.sql', '--- a/x', '+++ b/x', '@@ -1 +1 @@', '-a', '\\ No newline at end of file', '+b', ''].join('\n'));
    expect(lines.map((l) => l.kind)).toEqual(['meta', 'file', 'file', 'hunk', 'del', 'meta', 'add']);
  });

  it('reads an empty diff as no lines', () => {
    expect(parseUnifiedDiff('')).toEqual([]);
  });
});
