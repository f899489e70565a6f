// The DuckDB side of the benchmark, run as one whole process:
//   SET threads=N; COPY (SELECT * FROM read_json(IN)) TO OUT (FORMAT parquet)
// DuckDB's defaults otherwise: SNAPPY compression, row groups of 122,880 rows, read_json's type auto-detection.
// usage: node duckdb-copy.mjs IN.ndjson OUT.parquet [THREADS=2]
import { DuckDBInstance } from '@duckdb/node-api';

const [input, output, threadsArg = '2'] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node duckdb-copy.mjs IN.ndjson OUT.parquet [THREADS]');
  process.exit(2);
}
const threads = Number(threadsArg);
if (!Number.isInteger(threads) || threads <= 0) {
  console.error(`THREADS must be a positive integer, got '${threadsArg}'`);
  process.exit(2);
}
const quote = (s) => `'${s.replaceAll("'", "''")}'`;

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run(`SET threads=${threads}`);
await connection.run(`COPY (SELECT * FROM read_json(${quote(input)})) TO ${quote(output)} (FORMAT parquet)`);
connection.closeSync();
instance.closeSync();
