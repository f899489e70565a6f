// Generates the benchmark Parquet file from the shared recipe (make_bench.sql) with DuckDB.
// usage: node generate.mjs RECIPE.sql OUT.parquet [ROWS]
// The recipe writes 5,000,000 rows to 'bench_5m.parquet'; this script only swaps the target path
// and, when ROWS is given, the row count. Everything else (types, hashing, compression, row-group
// size) stays exactly as the recipe says.
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const [recipePath, outArg, rowsArg] = process.argv.slice(2);
if (!recipePath || !outArg) {
  console.error('usage: node generate.mjs RECIPE.sql OUT.parquet [ROWS]');
  process.exit(2);
}
const out = resolve(outArg);
const tmp = `${out}.tmp`;
const rows = rowsArg ? Number(rowsArg) : 5_000_000;
if (!Number.isInteger(rows) || rows <= 0) {
  console.error(`ROWS must be a positive integer, got '${rowsArg}'`);
  process.exit(2);
}

let sql = readFileSync(recipePath, 'utf8');
const target = /TO\s+'bench_5m\.parquet'/;
const range = /range\(5000000\)/;
if (!target.test(sql) || !range.test(sql)) {
  console.error(`${recipePath}: recipe changed (expected "TO 'bench_5m.parquet'" and "range(5000000)"); update generate.mjs`);
  process.exit(1);
}
sql = sql.replace(target, `TO '${tmp.replaceAll("'", "''")}'`).replace(range, `range(${rows})`);

rmSync(tmp, { force: true });
const started = performance.now();
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run(sql);
const check = await connection.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM read_parquet('${tmp.replaceAll("'", "''")}')`);
const n = Number(check.getRowObjects()[0].n);
connection.closeSync();
instance.closeSync();
if (n !== rows) {
  console.error(`generated ${n} rows, expected ${rows}`);
  process.exit(1);
}
renameSync(tmp, out);
console.error(`generated ${out}: ${rows} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
