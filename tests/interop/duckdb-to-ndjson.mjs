// Has DuckDB read a Parquet file and write it out as NDJSON (COPY … (FORMAT json), TimeZone UTC), the same
// rendering as the parquet-testing corpus's expected outputs — so the conformance comparer can check it.
// Usage: node duckdb-to-ndjson.mjs <in.parquet> <out.ndjson>
import { DuckDBInstance } from '@duckdb/node-api';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node duckdb-to-ndjson.mjs <in.parquet> <out.ndjson>');
  process.exit(2);
}
const quote = (s) => `'${s.replaceAll("'", "''")}'`;
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
try {
  await connection.run("SET TimeZone = 'UTC'");
  await connection.run(`COPY (SELECT * FROM read_parquet(${quote(input)})) TO ${quote(output)} (FORMAT json)`);
} finally {
  connection.closeSync();
  instance.closeSync?.();
}
