// Checks a normalized folder with DuckDB (@duckdb/node-api), independently of our reader: every table of
// tables.json is read from its Parquet file; for every child table, every _etl_parent_key must exist as its
// parent's _etl_key and every _etl_root_key as the root table's _etl_key; every table's _etl_key must be unique.
// Prints one JSON document: { "ok": bool, "tables": [{ "name", "rows", "columns": [{ "name", "type" }],
// "duplicateKeys", "orphanParents", "orphanRoots" }] } (orphan counts are null for the root table).
// Usage: node check-normalized.mjs <folder> [tables.json]   (files in tables.json are relative to <folder>)
import { readFileSync } from 'node:fs';
import { join, isAbsolute } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const folder = process.argv[2];
if (!folder) {
  console.error('usage: node check-normalized.mjs <folder> [tables.json]');
  process.exit(2);
}
const document = JSON.parse(readFileSync(process.argv[3] ?? join(folder, 'tables.json'), 'utf8'));
const quote = (text) => `'${text.replaceAll("'", "''")}'`;
const fileOf = (table) => (isAbsolute(table.file) ? table.file : join(folder, table.file));
const root = document.tables.find((t) => !t.parent);

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const scalar = async (sql) => Number(Object.values((await connection.runAndReadAll(sql)).getRowObjectsJson()[0])[0]);
try {
  for (const table of document.tables) {
    await connection.run(`CREATE VIEW "${table.name}" AS SELECT * FROM read_parquet(${quote(fileOf(table))})`);
  }
  const results = [];
  let ok = true;
  for (const table of document.tables) {
    const described = await connection.runAndReadAll(`DESCRIBE "${table.name}"`);
    const columns = described.getRowObjectsJson().map((r) => ({ name: r.column_name, type: r.column_type }));
    const rows = await scalar(`SELECT count(*) FROM "${table.name}"`);
    const duplicateKeys = rows - await scalar(`SELECT count(DISTINCT _etl_key) FROM "${table.name}"`);
    let orphanParents = null;
    let orphanRoots = null;
    if (table.parent) {
      orphanParents = await scalar(`SELECT count(*) FROM "${table.name}" c WHERE NOT EXISTS (SELECT 1 FROM "${table.parent}" p WHERE p._etl_key = c._etl_parent_key)`);
      orphanRoots = await scalar(`SELECT count(*) FROM "${table.name}" c WHERE NOT EXISTS (SELECT 1 FROM "${root.name}" r WHERE r._etl_key = c._etl_root_key)`);
    }
    if (duplicateKeys !== 0 || orphanParents || orphanRoots || rows !== table.rowCount) ok = false;
    results.push({ name: table.name, rows, columns, duplicateKeys, orphanParents, orphanRoots });
    console.error(`${table.name}: ${rows} rows${table.parent ? `, ${orphanParents} orphan parent keys, ${orphanRoots} orphan root keys` : ''}, ${duplicateKeys} duplicate keys`);
  }
  process.stdout.write(JSON.stringify({ ok, tables: results }));
} finally {
  connection.closeSync();
  instance.closeSync?.();
}
