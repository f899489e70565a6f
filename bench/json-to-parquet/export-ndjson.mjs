// Writes the benchmark's NDJSON input: the first ROWS rows of the benchmark Parquet file, as DuckDB's JSON writer
// prints them, one object per line, in file order.
// usage: node export-ndjson.mjs IN.parquet OUT.ndjson ROWS
//   COPY (SELECT * FROM read_parquet(IN) ORDER BY id LIMIT ROWS) TO OUT (FORMAT json)
// id is 0..N-1 in the recipe, so ORDER BY id LIMIT ROWS is exactly the first ROWS rows of the file, in file order
// (a plain LIMIT would very likely give the same, but ORDER BY makes it certain). The script then reads the file
// back line by line and checks that line k is the row with id k (k = 0..ROWS-1).
import { createReadStream, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { DuckDBInstance } from '@duckdb/node-api';

const [inArg, outArg, rowsArg] = process.argv.slice(2);
if (!inArg || !outArg || !rowsArg) {
  console.error('usage: node export-ndjson.mjs IN.parquet OUT.ndjson ROWS');
  process.exit(2);
}
const rows = Number(rowsArg);
if (!Number.isInteger(rows) || rows <= 0) {
  console.error(`ROWS must be a positive integer, got '${rowsArg}'`);
  process.exit(2);
}
const input = resolve(inArg);
const out = resolve(outArg);
const tmp = `${out}.tmp`;
const quote = (s) => `'${s.replaceAll("'", "''")}'`;

rmSync(tmp, { force: true });
const started = performance.now();
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const available = Number((await connection.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM read_parquet(${quote(input)})`)).getRowObjects()[0].n);
if (available < rows) {
  console.error(`${input} has ${available} rows, fewer than the ${rows} asked for`);
  process.exit(1);
}
await connection.run(`COPY (SELECT * FROM read_parquet(${quote(input)}) ORDER BY id LIMIT ${rows}) TO ${quote(tmp)} (FORMAT json)`);
connection.closeSync();
instance.closeSync();

// Line k must be the row with id k: the input is the first ROWS rows, in file order.
let k = 0;
const lines = createInterface({ input: createReadStream(tmp), crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.startsWith(`{"id":${k},`)) {
    console.error(`line ${k + 1} of ${tmp} is not the row with id ${k}: ${line.slice(0, 80)}`);
    process.exit(1);
  }
  k++;
}
if (k !== rows) {
  console.error(`${tmp} has ${k} lines, expected ${rows}`);
  process.exit(1);
}
renameSync(tmp, out);
console.error(`exported ${out}: ${rows} rows (line k = id k checked) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
