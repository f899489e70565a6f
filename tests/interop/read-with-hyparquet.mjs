// Reads a Parquet file with hyparquet (+ hyparquet-compressors for GZIP/BROTLI/ZSTD/LZ4) and prints, as one
// JSON document on stdout:
//   { "reader": "hyparquet", "schema": [{ name, type, type_length, repetition_type, num_children,
//     converted_type, logical_type }], "rows": [...], "createdBy": "...", "keyValues": [...] }
// Values are made JSON-safe: BigInt -> string, Uint8Array -> { "base64": "..." }, Date -> ISO-8601 string,
// NaN / Infinity -> "NaN" / "Infinity" / "-Infinity".
// Usage: node read-with-hyparquet.mjs <file.parquet>
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

const path = process.argv[2];
if (!path) {
  console.error('usage: node read-with-hyparquet.mjs <file.parquet>');
  process.exit(2);
}

function plain(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (value === Infinity) return 'Infinity';
    if (value === -Infinity) return '-Infinity';
    if (Object.is(value, -0)) return '-0';
    return value;
  }
  if (value instanceof Uint8Array) return { base64: Buffer.from(value).toString('base64') };
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v);
    return out;
  }
  return value;
}

const file = await asyncBufferFromFile(path);
const metadata = await parquetMetadataAsync(file);
// utf8: false so unannotated BYTE_ARRAY stays binary (STRING/JSON/ENUM columns are still text).
const rows = await parquetReadObjects({ file, metadata, compressors, utf8: false });
const result = {
  reader: 'hyparquet',
  createdBy: metadata.created_by ?? null,
  keyValues: plain(metadata.key_value_metadata ?? []),
  schema: metadata.schema.map((e) => plain({
    name: e.name,
    type: e.type,
    type_length: e.type_length,
    repetition_type: e.repetition_type,
    num_children: e.num_children,
    converted_type: e.converted_type,
    logical_type: e.logical_type,
  })),
  rows: rows.map(plain),
};
process.stdout.write(JSON.stringify(result));
