// Runs the statements of a SQL file with DuckDB (@duckdb/node-api), in order, in one in-memory database, and prints
// one JSON document on stdout:
//   { "reader": "duckdb", "version": "...", "results": [{ "columns": [{ "name", "type" }], "rows": [...] }],
//     "error"?: { "statement": i, "sql": "...", "message": "..." } }
// results has one entry per statement run (rows as DuckDB's JSON conversion: BIGINT, DECIMAL as strings). The first
// failing statement stops the run and is reported in "error" (statement null: the text does not parse) with exit code 0, so a test can assert that a statement
// is refused (a foreign key violation, say) as well as that a script runs.
// Usage: node run-sql.mjs <file.sql>
import { readFile } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
if (!file) {
  console.error('usage: node run-sql.mjs <file.sql>');
  process.exit(2);
}
const sql = await readFile(file, 'utf8');

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
try {
  const version = (await connection.runAndReadAll('SELECT version() AS v')).getRowObjectsJson()[0].v;
  const output = { reader: 'duckdb', version, results: [] };
  let extracted;
  try {
    extracted = await connection.extractStatements(sql);
  } catch (e) {
    // The text does not parse: no statement ran.
    output.error = { statement: null, message: String(e?.message ?? e) };
    process.stdout.write(JSON.stringify(output));
    process.exit(0);
  }
  for (let i = 0; i < extracted.count; i++) {
    try {
      const prepared = await extracted.prepare(i);
      const reader = await prepared.runAndReadAll();
      const names = reader.columnNames();
      const types = reader.columnTypes().map((t) => t.toString());
      output.results.push({
        columns: names.map((name, c) => ({ name, type: types[c] })),
        rows: reader.getRowObjectsJson(),
      });
    } catch (e) {
      output.error = { statement: i, message: String(e?.message ?? e) };
      break;
    }
  }
  process.stdout.write(JSON.stringify(output));
} finally {
  connection.closeSync();
  instance.closeSync?.();
}
