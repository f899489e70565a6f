// The DuckDB side of the benchmark, run as one whole process:
//   SET threads=N; COPY (SELECT * FROM read_parquet(IN)) TO OUT (FORMAT json)
// usage: node duckdb-copy.mjs IN.parquet OUT.ndjson [THREADS=2]
import { DuckDBInstance } from '@duckdb/node-api';

const [input, output, threadsArg = '2'] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node duckdb-copy.mjs IN.parquet OUT.ndjson [THREADS]');
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
await connection.run(`COPY (SELECT * FROM read_parquet(${quote(input)})) TO ${quote(output)} (FORMAT json)`);
connection.closeSync();
instance.closeSync();
