// DuckDB's side of bench/peers, timed inside node (start-up and loading DuckDB are not in the figures).
//   node duckdb-peer.mjs decode FILE RUNS THREADS   each run: every column of FILE decoded into a temporary table
//   node duckdb-peer.mjs write FILE ROWS RUNS THREADS OUT   the first ROWS rows of FILE are loaded into a table
//                                                   (not timed); each run: COPY that table TO OUT (FORMAT parquet)
// Prints one JSON line: { "version", "ms": [per run] }. Uses bench/parquet-to-json's pinned @duckdb/node-api.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', 'parquet-to-json', 'package.json'));
const { DuckDBInstance } = require('@duckdb/node-api');

const [mode, file, ...rest] = process.argv.slice(2);
const q = (s) => `'${s.replaceAll("'", "''")}'`;
const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
const ms = [];
try {
  const version = (await db.runAndReadAll('SELECT version() AS v')).getRowObjectsJson()[0].v;
  if (mode === 'decode') {
    const [runs, threads] = rest.map(Number);
    await db.run(`SET threads = ${threads}`);
    for (let r = 0; r < runs; r++) {
      const start = process.hrtime.bigint();
      await db.run(`CREATE OR REPLACE TEMP TABLE t AS SELECT * FROM read_parquet(${q(file)})`);
      ms.push(Number(process.hrtime.bigint() - start) / 1e6);
      await db.run('DROP TABLE t');
    }
  } else if (mode === 'write') {
    const [rows, runs, threads] = rest.slice(0, 3).map(Number);
    const out = rest[3];
    await db.run(`SET threads = ${threads}`);
    await db.run(`CREATE TEMP TABLE src AS SELECT * FROM read_parquet(${q(file)}) LIMIT ${rows}`);
    for (let r = 0; r < runs; r++) {
      const start = process.hrtime.bigint();
      await db.run(`COPY src TO ${q(out)} (FORMAT parquet, COMPRESSION snappy)`);
      ms.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  } else {
    throw new Error('usage: duckdb-peer.mjs decode FILE RUNS THREADS | write FILE ROWS RUNS THREADS OUT');
  }
  process.stdout.write(JSON.stringify({ version, ms }) + '\n');
} finally {
  db.closeSync();
  instance.closeSync?.();
}
