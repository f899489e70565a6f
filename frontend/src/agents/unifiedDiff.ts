/** One line of a unified diff, classified for colouring. */
export interface DiffLine {
  kind: 'file' | 'hunk' | 'add' | 'del' | 'context' | 'meta';
  text: string;
  /** Line number in the old file (context and deleted lines). */
  oldLine: number | null;
  /** Line number in the new file (context and added lines). */
  newLine: number | null;
}

export interface DiffSummary {
  files: number;
  added: number;
  deleted: number;
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * Classifies each line of a unified diff (git or diff -u style). A hunk's header says how many old and new lines it
 * holds, so a deleted line that reads "--- x" is still a change and the next file's "--- a/x" header is not.
 */
export function parseUnifiedDiff(text: string): DiffLine[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const result: DiffLine[] = [];
  let oldLine = 0;
  let newLine = 0;
  let oldLeft = 0;
  let newLeft = 0;
  const other = (kind: 'file' | 'hunk' | 'meta', line: string) => result.push({ kind, text: line, oldLine: null, newLine: null });

  for (const line of lines) {
    if (oldLeft > 0 || newLeft > 0) {
      if (line.startsWith('+')) {
        result.push({ kind: 'add', text: line, oldLine: null, newLine: newLine++ });
        newLeft--;
      } else if (line.startsWith('-')) {
        result.push({ kind: 'del', text: line, oldLine: oldLine++, newLine: null });
        oldLeft--;
      } else if (line.startsWith('\\')) {
        other('meta', line);
      } else {
        result.push({ kind: 'context', text: line, oldLine: oldLine++, newLine: newLine++ });
        oldLeft--;
        newLeft--;
      }
      continue;
    }
    const hunk = HUNK.exec(line);
    if (hunk) {
      oldLine = Number(hunk[1]);
      oldLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
      newLine = Number(hunk[3]);
      newLeft = hunk[4] === undefined ? 1 : Number(hunk[4]);
      other('hunk', line);
    } else if (line.startsWith('diff ') || line.startsWith('--- ') || line.startsWith('+++ ')) {
      other('file', line);
    } else {
      // "index …", "new file mode …", "\ No newline at end of file" after a hunk, or a note between files.
      other('meta', line);
    }
  }
  return result;
}

/** How many files changed and how many lines were added and deleted. */
export function summarizeDiff(lines: readonly DiffLine[]): DiffSummary {
  let files = 0;
  let added = 0;
  let deleted = 0;
  for (const line of lines) {
    if (line.kind === 'file' && line.text.startsWith('+++ ')) files++;
    else if (line.kind === 'add') added++;
    else if (line.kind === 'del') deleted++;
  }
  return { files, added, deleted };
}
