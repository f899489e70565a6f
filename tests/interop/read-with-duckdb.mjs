// Reads a Parquet file with DuckDB (@duckdb/node-api) and prints, as one JSON document on stdout:
//   { "reader": "duckdb", "version": "...", "columns": [{ "name", "type" }], "rows": [...], "metadata": [...] }
// rows come from DuckDB's JSON conversion (BIGINT, DECIMAL, HUGEINT as strings; DATE/TIMESTAMP as text;
// nested types as arrays/objects; MAP as [{ key, value }]). metadata is DuckDB's parquet_metadata() per column
// chunk (encodings, codec, statistics as DuckDB understands them).
// Usage: node read-with-duckdb.mjs <file.parquet>
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
if (!file) {
  console.error('usage: node read-with-duckdb.mjs <file.parquet>');
  process.exit(2);
}
const quoted = `'${file.replaceAll("'", "''")}'`;

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
try {
  const version = (await connection.runAndReadAll('SELECT version() AS v')).getRowObjectsJson()[0].v;
  const data = await connection.runAndReadAll(`SELECT * FROM read_parquet(${quoted})`);
  const names = data.columnNames();
  const types = data.columnTypes().map((t) => t.toString());
  const metadata = await connection.runAndReadAll(
    `SELECT row_group_id, column_id, path_in_schema, type, num_values, compression, encodings,
            stats_min_value, stats_max_value, stats_null_count, total_compressed_size, total_uncompressed_size
     FROM parquet_metadata(${quoted}) ORDER BY row_group_id, column_id`);
  const result = {
    reader: 'duckdb',
    version,
    columns: names.map((name, i) => ({ name, type: types[i] })),
    rows: data.getRowObjectsJson(),
    metadata: metadata.getRowObjectsJson(),
  };
  process.stdout.write(JSON.stringify(result));
} finally {
  connection.closeSync();
  instance.closeSync?.();
}
