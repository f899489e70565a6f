// Parses DDL with two independent SQL parsers and prints what they understood, as one JSON document on stdout:
//   { "hive": { "statements": n, "errors": [{ "line", "column", "message" }] },
//     "postgres": { "statements": [{ "kind", "table"?, "columns"?: [{ "name", "type", "notNull" }],
//                                   "constraints"?: [{ "kind", "columns", "references"? }] }], "error"? } }
// hive: dt-sql-parser's HiveSQL grammar (antlr4) over Athena / Glue DDL. postgres: libpg-query, PostgreSQL's own parser
// compiled to WebAssembly; a column's type is PostgreSQL's resolved name (int8, float8, text, jsonb, timestamptz, ...)
// with "[]" per array dimension. A parse error of the PostgreSQL text is reported in "error".
// Usage: node check-ddl.mjs <athena.sql> <postgres.sql>
import { register } from 'node:module';
import { readFile } from 'node:fs/promises';

const [hiveFile, postgresFile] = process.argv.slice(2);
if (!hiveFile || !postgresFile) {
  console.error('usage: node check-ddl.mjs <athena.sql> <postgres.sql>');
  process.exit(2);
}
register('./dir-index-loader.mjs', import.meta.url);
let HiveSQL, pg;
try {
  ({ HiveSQL } = await import('dt-sql-parser'));
  pg = await import('libpg-query');
} catch (e) {
  console.error(`the SQL parsers could not be loaded (${e.message}): run npm ci in tests/interop`);
  process.exit(3);
}

const hiveText = await readFile(hiveFile, 'utf8');
const hive = new HiveSQL();
const output = {
  hive: {
    statements: (hive.splitSQLByStatement(hiveText) ?? []).length,
    errors: hive.validate(hiveText).map((e) => ({ line: e.startLine, column: e.startColumn, message: e.message })),
  },
  postgres: { statements: [] },
};

const names = (list) => (list ?? []).map((n) => n.String.sval);
const typeOf = (typeName) => names(typeName.names).at(-1) + '[]'.repeat((typeName.arrayBounds ?? []).length);
const constraintOf = (c) => ({
  kind: c.contype.replace('CONSTR_', ''),
  columns: names(c.keys ?? c.fk_attrs),
  ...(c.pktable ? { references: `${c.pktable.schemaname ? c.pktable.schemaname + '.' : ''}${c.pktable.relname}(${names(c.pk_attrs).join(',')})` } : {}),
});
try {
  const tree = await pg.parse(await readFile(postgresFile, 'utf8'));
  for (const { stmt } of tree.stmts) {
    const [kind, body] = Object.entries(stmt)[0];
    if (kind === 'CreateStmt') {
      const columns = [];
      const constraints = [];
      for (const element of body.tableElts) {
        if (element.ColumnDef) {
          const c = element.ColumnDef;
          columns.push({ name: c.colname, type: typeOf(c.typeName), notNull: (c.constraints ?? []).some((k) => k.Constraint.contype === 'CONSTR_NOTNULL') });
        } else if (element.Constraint) {
          constraints.push(constraintOf(element.Constraint));
        }
      }
      const table = `${body.relation.schemaname ? body.relation.schemaname + '.' : ''}${body.relation.relname}`;
      output.postgres.statements.push({ kind, table, columns, constraints });
    } else if (kind === 'AlterTableStmt') {
      const table = `${body.relation.schemaname ? body.relation.schemaname + '.' : ''}${body.relation.relname}`;
      const constraints = body.cmds.map((c) => c.AlterTableCmd.def?.Constraint).filter(Boolean).map(constraintOf);
      output.postgres.statements.push({ kind, table, constraints });
    } else {
      output.postgres.statements.push({ kind });
    }
  }
} catch (e) {
  output.postgres.error = String(e?.message ?? e);
}
process.stdout.write(JSON.stringify(output));
