import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// WCAG AA (4.5:1) for the text colours the agents' views add: code tokens on the code background and on a marked
// error line, and text on the diff's added, deleted and hunk lines. The page's own pairs are in test/contrast.test.ts.
const css = readFileSync(resolve(__dirname, 'agents.css'), 'utf8') + readFileSync(resolve(__dirname, '../styles.css'), 'utf8');
const vars = Object.fromEntries([...css.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1], m[2]]));

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

const tokens = ['code-keyword', 'code-string', 'code-number', 'code-comment', 'code-name', 'code-type', 'code-atom', 'text'];
const pairs: [string, string][] = [
  ...tokens.flatMap((t) => [
    [t, 'code-bg'],
    [t, 'code-error-line'],
  ]),
  ['code-gutter', '#f3f5f8'],
  ['text', 'diff-add-bg'],
  ['text', 'diff-del-bg'],
  ['code-gutter', 'diff-add-bg'],
  ['code-gutter', 'diff-del-bg'],
  ['diff-hunk', 'diff-hunk-bg'],
  ['code-comment', 'code-bg'],
  ['ok', 'ok-bg'],
  ['run', 'run-bg'],
  ['bad', 'bad-bg'],
  ['bad', '#fff7f7'],
  ['bad', '#ffffff'],
  ['primary', 'primary-soft'],
] as [string, string][];

const color = (name: string) => (name.startsWith('#') ? name : vars[name]);

describe('agents colour contrast', () => {
  it.each(pairs)('%s on %s reaches 4.5:1', (fg, bg) => {
    expect(color(fg), fg).toMatch(/^#/);
    expect(color(bg), bg).toMatch(/^#/);
    expect(contrast(color(fg), color(bg))).toBeGreaterThanOrEqual(4.5);
  });
});
