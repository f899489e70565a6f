import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// WCAG 2.x contrast of the colour pairs the stylesheet uses for text: every one must reach 4.5:1 (AA, normal text).
const css = readFileSync(resolve(__dirname, '../styles.css'), 'utf8');
const vars = Object.fromEntries([...css.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1], m[2]]));

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const color = (name: string) => (name.startsWith('#') ? name : vars[name]);

const pairs: [string, string, string][] = [
  ['body text', 'text', 'bg'],
  ['text on cards', 'text', 'card'],
  ['secondary text on cards', 'muted', 'card'],
  ['secondary text on the page', 'muted', 'bg'],
  ['secondary text in the facts box and drop zone', 'muted', '#f7f9fb'],
  ['secondary text on the selected row', 'muted', 'primary-soft'],
  ['links', 'primary', 'card'],
  ['links on the selected row', 'primary', 'primary-soft'],
  ['primary button', '#ffffff', 'primary'],
  ['primary button, hovered', '#ffffff', 'primary-hover'],
  ['COMPLETED badge', 'ok', 'ok-bg'],
  ['FAILED badge and error text', 'bad', 'bad-bg'],
  ['RUNNING badge', 'run', 'run-bg'],
  ['PENDING/SKIPPED badge', 'idle', 'idle-bg'],
  ['text on a widened row', 'text', 'run-bg'],
  ['text in an error notice', 'text', 'bad-bg'],
  ['disabled button text', '#6b747d', 'card'],
];

describe('colour contrast', () => {
  it.each(pairs)('%s reaches 4.5:1', (_, fg, bg) => {
    expect(color(fg), fg).toMatch(/^#/);
    expect(color(bg), bg).toMatch(/^#/);
    expect(contrast(color(fg), color(bg))).toBeGreaterThanOrEqual(4.5);
  });

  it('computes the known ratios', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
});
