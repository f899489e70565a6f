// Validates Amazon States Language definitions with asl-validator (the schema and the JSONPath and ARN checks).
// Usage: node validate.mjs DEFINITION.json... → one JSON line per file: {file, isValid, errors}.
import { readFileSync } from 'node:fs';
import aslValidator from 'asl-validator';

for (const file of process.argv.slice(2)) {
  const { isValid, errorsText } = aslValidator(JSON.parse(readFileSync(file, 'utf8')));
  console.log(JSON.stringify({ file, isValid, errors: isValid ? '' : errorsText('\n') }));
}
