// Correctness check of one benchmark run: both NDJSON outputs have the expected number of rows, and a
// sample of rows agrees value by value.
//   etl   follows ../shared/spec/parquet-json.md: TIMESTAMP (not UTC) as "YYYY-MM-DDTHH:MM:SS[.f]" (no Z),
//         DECIMAL(18,2) with exactly 2 decimals, keys in schema order; its format is checked strictly.
//   DuckDB renders timestamps "YYYY-MM-DD HH:MM:SS" and decimals without trailing zeros: compared by value.
// usage: node compare.mjs ETL.ndjson DUCK.ndjson EXPECTED_ROWS
// Exit 0 when everything agrees, 1 otherwise.
import { openSync, readSync, closeSync } from 'node:fs';

const [etlPath, duckPath, expectedArg] = process.argv.slice(2);
const expected = Number(expectedArg);
if (!etlPath || !duckPath || !Number.isInteger(expected) || expected <= 0) {
  console.error('usage: node compare.mjs ETL.ndjson DUCK.ndjson EXPECTED_ROWS');
  process.exit(2);
}

// Rows to compare: first, second, the named ones, the last, and every (n/1000)-th row.
const wanted = new Set([0, 1, 999_999, expected - 1, Math.floor(expected / 2)]);
const step = Math.max(1, Math.floor(expected / 1000));
for (let i = 0; i < expected; i += step) wanted.add(i);
for (const i of [...wanted]) if (i >= expected) wanted.delete(i);

/** Streams a file once: counts '\n'-terminated lines, keeps the text of the wanted lines. */
function scan(path) {
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(1 << 22);
  const rows = new Map();
  let line = 0;
  let partial = [];
  let bytes = 0;
  let lastByte = -1;
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, null);
    if (n === 0) break;
    bytes += n;
    lastByte = buf[n - 1];
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(10, start);
      if (nl < 0 || nl >= n) break;
      if (wanted.has(line)) {
        partial.push(Buffer.from(buf.subarray(start, nl)));
        rows.set(line, Buffer.concat(partial).toString('utf8'));
      }
      partial = [];
      line++;
      start = nl + 1;
    }
    if (start < n && wanted.has(line)) partial.push(Buffer.from(buf.subarray(start, n)));
  }
  closeSync(fd);
  const unterminated = bytes > 0 && lastByte !== 10;
  return { lines: line + (unterminated ? 1 : 0), rows, bytes, unterminated };
}

/** Raw tokens of a flat JSON object, in order: [[key, rawValueText], ...]. Checks it parses as JSON too. */
function rawFields(text) {
  JSON.parse(text);
  const out = [];
  const re = /"((?:[^"\\]|\\.)*)":("(?:[^"\\]|\\.)*"|[^,}]+)/g;
  let m;
  while ((m = re.exec(text)) !== null) out.push([JSON.parse(`"${m[1]}"`), m[2]]);
  return out;
}

/** A decimal's raw JSON number as an exact scaled integer (BigInt) at `scale` digits. */
function scaled(raw, scale) {
  if (!/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(raw)) throw new Error(`not a number: ${raw}`);
  let [mant, exp = '0'] = raw.toLowerCase().split('e');
  const neg = mant.startsWith('-');
  if (neg) mant = mant.slice(1);
  let [int, frac = ''] = mant.split('.');
  let digits = int + frac;
  let pointShift = Number(exp) - frac.length + scale; // value = digits * 10^(pointShift - scale)
  if (pointShift < 0) {
    const dropped = digits.slice(digits.length + pointShift);
    if (/[1-9]/.test(dropped)) throw new Error(`${raw} has more than ${scale} decimals`);
    digits = digits.slice(0, digits.length + pointShift) || '0';
    pointShift = 0;
  }
  const v = BigInt(digits) * 10n ** BigInt(pointShift);
  return neg ? -v : v;
}

const ETL_TS = /^"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d*[1-9])?"$/;
const DATE = /^"\d{4}-\d{2}-\d{2}"$/;
const ETL_DECIMAL2 = /^-?\d+\.\d{2}$/;
const normTs = (s) => s.replace(' ', 'T').replace(/Z$/, '').replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');

function compareField(key, etlRaw, duckRaw) {
  const e = JSON.parse(etlRaw);
  const d = JSON.parse(duckRaw);
  if (e === null || d === null) return e === d ? null : `null mismatch`;
  switch (key) {
    case 'ts':
      if (!ETL_TS.test(etlRaw)) return `etl timestamp ${etlRaw} is not "YYYY-MM-DDTHH:MM:SS[.f]" (spec: no Z for non-UTC)`;
      return normTs(e) === normTs(d) ? null : `timestamp ${etlRaw} vs ${duckRaw}`;
    case 'dt':
      if (!DATE.test(etlRaw)) return `etl date ${etlRaw} is not "YYYY-MM-DD"`;
      return e === d ? null : `date ${etlRaw} vs ${duckRaw}`;
    case 'amount':
      if (!ETL_DECIMAL2.test(etlRaw)) return `etl decimal ${etlRaw} does not have exactly 2 decimals`;
      return scaled(etlRaw, 2) === scaled(duckRaw, 2) ? null : `decimal ${etlRaw} vs ${duckRaw}`;
    case 'id': case 'int_col': case 'nullable_int':
      if (!/^-?\d+$/.test(etlRaw)) return `etl integer ${etlRaw} is not a plain integer`;
      return BigInt(etlRaw) === BigInt(duckRaw) ? null : `integer ${etlRaw} vs ${duckRaw}`;
    default:
      if (typeof e !== typeof d) return `type ${typeof e} vs ${typeof d}: ${etlRaw} vs ${duckRaw}`;
      return e === d ? null : `value ${etlRaw} vs ${duckRaw}`;
  }
}

const problems = [];
const etl = scan(etlPath);
const duck = scan(duckPath);
for (const [name, s] of [['etl', etl], ['duckdb', duck]]) {
  if (s.lines !== expected) problems.push(`${name}: ${s.lines} rows, expected ${expected}`);
  if (s.unterminated) problems.push(`${name}: last line has no trailing newline`);
}
let compared = 0;
let nulls = 0;
for (const i of [...wanted].sort((a, b) => a - b)) {
  const a = etl.rows.get(i);
  const b = duck.rows.get(i);
  if (a === undefined || b === undefined) { problems.push(`row ${i}: missing (etl ${a !== undefined}, duckdb ${b !== undefined})`); continue; }
  let ef, df;
  try { ef = rawFields(a); df = rawFields(b); } catch (err) { problems.push(`row ${i}: ${err.message}`); continue; }
  const ek = ef.map(([k]) => k).join(',');
  const dk = df.map(([k]) => k).join(',');
  if (ek !== dk) { problems.push(`row ${i}: keys [${ek}] vs [${dk}]`); continue; }
  for (let f = 0; f < ef.length; f++) {
    let why;
    try { why = compareField(ef[f][0], ef[f][1], df[f][1]); } catch (err) { why = err.message; }
    if (why) problems.push(`row ${i}, ${ef[f][0]}: ${why}`);
    if (ef[f][1] === 'null') nulls++;
  }
  compared++;
}
const mb = (b) => (b / 1e6).toFixed(1);
console.log(`rows: etl ${etl.lines.toLocaleString('en-US')}, duckdb ${duck.lines.toLocaleString('en-US')} (expected ${expected.toLocaleString('en-US')}); bytes: etl ${mb(etl.bytes)} MB, duckdb ${mb(duck.bytes)} MB`);
console.log(`sampled rows compared field by field: ${compared} (including rows 0, 1, ${Math.min(999_999, expected - 1).toLocaleString('en-US')}, ${(expected - 1).toLocaleString('en-US')}); null values seen: ${nulls}`);
if (etl.rows.has(0)) console.log(`row 0 etl:    ${etl.rows.get(0)}`);
if (duck.rows.has(0)) console.log(`row 0 duckdb: ${duck.rows.get(0)}`);
if (problems.length) {
  console.log(`MISMATCH: ${problems.length} problem(s)`);
  for (const p of problems.slice(0, 20)) console.log(`  - ${p}`);
  process.exit(1);
}
console.log('OK: row counts and sampled values agree');
