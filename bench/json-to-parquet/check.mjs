// Correctness check, run once after the timed runs, with DuckDB as the independent reader.
// usage: node check.mjs ETL.parquet DUCK.parquet INPUT.ndjson ROWS > check.md   (exit 1 when a check fails)
// Checks:
//   1. row counts: etl.parquet = duck.parquet = the NDJSON (read_json) = ROWS;
//   2. etl.parquet keeps the input order: id = file_row_number for every row (the input has id k on line k);
//   3. etl.parquet holds exactly the NDJSON's rows: EXCEPT ALL both ways is empty once both sides are cast to
//      the types etl infers (id/int_col/nullable_int BIGINT, double_col/amount DOUBLE, name VARCHAR,
//      flag BOOLEAN, ts TIMESTAMP, dt DATE); the same for duck.parquet, so both sides did the same job;
//   4. etl.parquet declares the types etl's inference should give (DESCRIBE; ts is TIMESTAMP, not
//      TIMESTAMP WITH TIME ZONE: the text has no offset, so the column is not UTC-adjusted).
// Prints markdown: the checks, then one table per column with the declared types (DESCRIBE, Parquet physical +
// logical type) and the compressed bytes and encodings of each file.
import { DuckDBInstance } from '@duckdb/node-api';

const [etlPath, duckPath, ndjsonPath, rowsArg] = process.argv.slice(2);
if (!etlPath || !duckPath || !ndjsonPath || !rowsArg) {
  console.error('usage: node check.mjs ETL.parquet DUCK.parquet INPUT.ndjson ROWS');
  process.exit(2);
}
const rows = Number(rowsArg);
const quote = (s) => `'${s.replaceAll("'", "''")}'`;
const etl = `read_parquet(${quote(etlPath)})`;
const duck = `read_parquet(${quote(duckPath)})`;
const json = `read_json(${quote(ndjsonPath)})`;

// The types etl's inference gives this data, as DuckDB names them; both sides of a comparison are cast to them.
const expected = {
  id: 'BIGINT', int_col: 'BIGINT', double_col: 'DOUBLE', name: 'VARCHAR', flag: 'BOOLEAN',
  ts: 'TIMESTAMP', dt: 'DATE', nullable_int: 'BIGINT', amount: 'DOUBLE',
};
const columns = Object.keys(expected);
const cast = (source) => `SELECT ${columns.map((c) => `CAST("${c}" AS ${expected[c]}) AS "${c}"`).join(', ')} FROM ${source}`;

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run('SET threads=2');
const all = async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJson();
const one = async (sql) => Object.values((await all(sql))[0])[0];

const out = [];
const failures = [];
const check = (ok, text) => {
  out.push(`- ${ok ? 'OK' : '**FAILED**'}: ${text}`);
  if (!ok) failures.push(text);
};

// 1. row counts
const counts = {
  etl: Number(await one(`SELECT count(*)::BIGINT FROM ${etl}`)),
  duck: Number(await one(`SELECT count(*)::BIGINT FROM ${duck}`)),
  json: Number(await one(`SELECT count(*)::BIGINT FROM ${json}`)),
};
check(counts.etl === rows && counts.duck === rows && counts.json === rows,
  `rows: etl.parquet ${counts.etl.toLocaleString('en-US')}, duck.parquet ${counts.duck.toLocaleString('en-US')}, NDJSON ${counts.json.toLocaleString('en-US')} (expected ${rows.toLocaleString('en-US')})`);

// 2. order
const outOfOrder = Number(await one(`SELECT count(*)::BIGINT FROM read_parquet(${quote(etlPath)}, file_row_number = true) WHERE id <> file_row_number`));
check(outOfOrder === 0, `etl.parquet keeps the input's row order (rows where id <> file_row_number: ${outOfOrder})`);

// 3. same rows as the NDJSON, both ways, for both outputs
for (const [label, source] of [['etl.parquet', etl], ['duck.parquet', duck]]) {
  const missing = Number(await one(`SELECT count(*)::BIGINT FROM (${cast(json)} EXCEPT ALL ${cast(source)})`));
  const extra = Number(await one(`SELECT count(*)::BIGINT FROM (${cast(source)} EXCEPT ALL ${cast(json)})`));
  check(missing === 0 && extra === 0,
    `${label} = NDJSON as multisets of rows, cast to etl's types: NDJSON EXCEPT ALL ${label}: ${missing} rows; ${label} EXCEPT ALL NDJSON: ${extra} rows`);
}
const nulls = Number(await one(`SELECT count(*)::BIGINT FROM ${etl} WHERE nullable_int IS NULL`));
out.push(`- nulls in nullable_int: ${nulls.toLocaleString('en-US')} in etl.parquet, ${Number(await one(`SELECT count(*)::BIGINT FROM ${json} WHERE nullable_int IS NULL`)).toLocaleString('en-US')} in the NDJSON`);

// 4. declared types
const describe = async (source) => Object.fromEntries((await all(`DESCRIBE SELECT * FROM ${source}`)).map((r) => [r.column_name, r.column_type]));
const types = { json: await describe(json), etl: await describe(etl), duck: await describe(duck) };
const wrong = columns.filter((c) => types.etl[c] !== expected[c]);
check(wrong.length === 0 && Object.keys(types.etl).length === columns.length,
  `etl.parquet declares the inferred types (DESCRIBE)${wrong.length ? `; differs in ${wrong.map((c) => `${c}: ${types.etl[c]} instead of ${expected[c]}`).join(', ')}` : ''}`);

const schema = async (path) => Object.fromEntries((await all(
  `SELECT name, type, converted_type, logical_type, repetition_type FROM parquet_schema(${quote(path)})`,
)).map((r) => [r.name, r]));
const physical = (s) => {
  if (!s) return '?';
  const logical = (s.logical_type ?? '')
    .replace(/TimestampType\(isAdjustedToUTC=(\d), unit=TimeUnit\(.*?(MILLIS|MICROS|NANOS)=[A-Z][a-zA-Z]*\(\).*\)\)/, (_, utc, unit) => `TIMESTAMP(${unit}, utc=${utc === '1'})`)
    .replace(/^StringType\(\)$/, 'STRING').replace(/^DateType\(\)$/, 'DATE');
  const annotation = logical || s.converted_type || '';
  return `${s.type}${annotation ? ` ${annotation}` : ''}, ${s.repetition_type}`;
};
const chunks = async (path) => Object.fromEntries((await all(
  `SELECT path_in_schema AS col, sum(total_compressed_size)::BIGINT AS bytes, count(*)::BIGINT AS groups,
          string_agg(DISTINCT encodings, ' / ') AS encodings
   FROM parquet_metadata(${quote(path)}) GROUP BY ALL`,
)).map((r) => [r.col, { bytes: Number(r.bytes), groups: Number(r.groups), encodings: r.encodings }]));
const [etlSchema, duckSchema, etlChunks, duckChunks] = [await schema(etlPath), await schema(duckPath), await chunks(etlPath), await chunks(duckPath)];

connection.closeSync();
instance.closeSync();

const mb = (b) => (b / 1e6).toFixed(2);
out.push('');
out.push(`Column types and sizes (DESCRIBE = the type DuckDB reads; Parquet = physical type, logical type, repetition; MB = compressed column-chunk bytes, 10^6). `
  + `Row groups: etl.parquet ${etlChunks.id?.groups ?? '?'}, duck.parquet ${duckChunks.id?.groups ?? '?'}.`);
out.push('');
out.push('| column | NDJSON: read_json infers | etl.parquet: DESCRIBE | etl.parquet: Parquet | duck.parquet: DESCRIBE | duck.parquet: Parquet | etl MB | DuckDB MB | etl/DuckDB | etl encodings | DuckDB encodings |');
out.push('|---|---|---|---|---|---|---|---|---|---|---|');
let etlTotal = 0, duckTotal = 0;
for (const c of columns) {
  const e = etlChunks[c] ?? { bytes: 0 }, d = duckChunks[c] ?? { bytes: 0 };
  etlTotal += e.bytes; duckTotal += d.bytes;
  out.push(`| ${c} | ${types.json[c]} | ${types.etl[c]} | ${physical(etlSchema[c])} | ${types.duck[c]} | ${physical(duckSchema[c])} | ${mb(e.bytes)} | ${mb(d.bytes)} | ${(e.bytes / d.bytes).toFixed(2)} | ${e.encodings} | ${d.encodings} |`);
}
out.push(`| **all columns** | | | | | | **${mb(etlTotal)}** | **${mb(duckTotal)}** | **${(etlTotal / duckTotal).toFixed(2)}** | | |`);
console.log(out.join('\n'));
if (failures.length) {
  console.error(`check FAILED: ${failures.join('; ')}`);
  process.exit(1);
}
