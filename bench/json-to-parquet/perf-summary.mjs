// Summarizes `perf script -F ip,sym,dso` output of an etl run (recorded with -g and DOTNET_PerfMapEnabled=1) as
// markdown: time per phase, per kind of code (JIT tier, runtime, kernel), and the hottest .NET methods.
// usage: node perf-summary.mjs PERF.script [TOP=30] > profile.md
import { readFileSync } from 'node:fs';

const [path, topArg = '30'] = process.argv.slice(2);
if (!path) {
  console.error('usage: node perf-summary.mjs PERF.script [TOP]');
  process.exit(2);
}
const top = Number(topArg);
const TIER = /\[(OptimizedTier1OSR|OptimizedTier1|QuickJitted|InstrumentedTierOptimized|InstrumentedTier|Tier0|Optimized|PreJIT)\]$/;

// One frame line: "    7f3a12345678 instance bool [System.Text.Json] System.Text.Json.Utf8JsonReader::Read()[OptimizedTier1] (/tmp/perf-123.map)"
function frame(line) {
  const m = /^\s*[0-9a-f]+\s+(.*)\s+\((.*)\)\s*$/.exec(line);
  if (!m) return null;
  let [, sym, dso] = m;
  dso = dso.split('/').pop();
  const tier = TIER.exec(sym)?.[1] ?? null;
  if (sym.startsWith('[unknown]')) return { name: `[${dso}]`, dso, tier };
  sym = sym.replace(TIER, '');
  if (sym.includes('::')) {
    // "instance bool [Assembly] Namespace.Type::Method(args)" -> "Namespace.Type::Method"
    sym = sym.replace(/\(.*\)$/, '');
    sym = sym.slice(sym.lastIndexOf(' ') + 1);
  }
  return { name: sym, dso, tier };
}

const PHASES = [
  ['schema inference (the prefix, or a whole pass: SchemaInference.Infer*)', /SchemaInference::Infer/],
  ['encode + compress + write a row group (ParquetFileWriter.WriteRowGroup, its helper threads)', /ParquetFileWriter::WriteRowGroup|ParallelChunkEncoder/],
  ['parse + shred records (RecordShredder.Add)', /RecordShredder::Add/],
  ['append blocks to the row group (RowGroupQueue.Append)', /RowGroupQueue::Append/],
  ['the rest of writing (block and record readers, Close, fsync)', /JsonToParquet::Write|ParallelRecordShredder|AtomicFileOutput::Commit/],
  ['JIT compiler (background tier-up or first calls)', /^\[libclrjit\.so\]$/],
];
const RUNTIME = new Set(['libcoreclr.so', 'libclrjit.so', 'ld-linux-x86-64.so.2', 'libc.so.6', '[kernel.kallsyms]']);

const self = new Map(), inclusive = new Map(), phases = new Map(), kinds = new Map();
const bump = (m, k) => m.set(k, (m.get(k) ?? 0) + 1);
let samples = 0;
for (const block of readFileSync(path, 'utf8').split(/\n\s*\n/)) {
  const frames = block.split('\n').map(frame).filter(Boolean);
  if (!frames.length) continue;
  samples++;
  const leaf = frames[0];
  bump(self, RUNTIME.has(leaf.dso) && leaf.dso !== '[kernel.kallsyms]' ? `[${leaf.dso}]` : leaf.name);
  bump(kinds, leaf.tier ? `managed, ${leaf.tier}` : (leaf.dso.startsWith('perf-') ? 'managed (stub)' : leaf.dso));
  for (const name of new Set(frames.map((f) => f.name))) bump(inclusive, name);
  const names = frames.map((f) => f.name);
  const phase = PHASES.find(([, re]) => names.some((n) => re.test(n)))?.[0] ?? 'other (start-up, runtime, GC, kernel)';
  bump(phases, phase);
}
const pct = (n) => `${((100 * n) / samples).toFixed(1)} %`;
const table = (title, map, n, filter = () => true, code = true) => {
  const rows = [...map].filter(([k]) => filter(k)).sort((a, b) => b[1] - a[1]).slice(0, n);
  return [`| ${title} | samples |`, '|---|---|', ...rows.map(([k, v]) => `| ${code ? `\`\` ${k} \`\`` : k} | ${pct(v)} |`)].join('\n');
};
// Frames every sample of the main thread passes through (host, Main, System.CommandLine) say nothing.
const plumbing = /^(\[(etl|libhostfxr\.so|libhostpolicy\.so|libcoreclr\.so)\]|__libc_start|corehost_main|hostfxr_|coreclr_execute|start_thread|Program|System\.CommandLine|System\.Runtime\.CompilerServices|Etl\.Local\.Cli|entry_SYSCALL|do_syscall)/;
console.log(`${samples} samples.`);
console.log('');
console.log(table('phase (a sample counts for the first phase whose method is on its stack)', phases, 10, undefined, false));
console.log('');
console.log(table('code the sample was in (JIT tier of managed code, or the native module)', kinds, 10, undefined, false));
console.log('');
console.log(table(`hottest methods, self (top ${top})`, self, top));
console.log('');
console.log(table(`hottest methods, inclusive (top ${top}, without host and CLI plumbing)`, inclusive, top, (k) => !plumbing.test(k)));
