// Turns the per-run measurements written by run.sh into the markdown table and the ratios.
// usage: node report.mjs RUNS.tsv META.txt CHECK.md INPUT_BYTES ROWS > results.md
// RUNS.tsv columns: tool  run  wall_s  rss_kb  user_s  sys_s  load1  exit  out_bytes  other_cpu_s
//   other_cpu_s: CPU seconds other processes used during the run (machine busy time minus the run's user + sys)
//   tool: etl (etl convert), duckdb (the node process running COPY), infer (etl infer: pass one alone)
import { existsSync, readFileSync } from 'node:fs';

const [runsPath, metaPath, checkPath, inputBytesArg, rowsArg] = process.argv.slice(2);
const inputBytes = Number(inputBytesArg);
const inputRows = Number(rowsArg);
const rows = readFileSync(runsPath, 'utf8').trim().split('\n').slice(1).map((l) => {
  const [tool, run, wall, rss, user, sys, load1, exit, outBytes, other] = l.split('\t');
  return { tool, run: +run, wall: +wall, rssMiB: +rss / 1024, cpu: +user + +sys, load1: +load1, exit: +exit, out: +outBytes, other: +other };
});
const meta = metaPath && existsSync(metaPath) ? readFileSync(metaPath, 'utf8').trim() : '';
const check = checkPath && existsSync(checkPath) ? readFileSync(checkPath, 'utf8').trim() : '';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const f2 = (x) => x.toFixed(2);
const f0 = (x) => x.toFixed(0);
const int = (x) => Math.round(x).toLocaleString('en-US');
const tools = ['etl', 'duckdb'];
const by = Object.fromEntries(['etl', 'duckdb', 'infer'].map((t) => [t, rows.filter((r) => r.tool === t).sort((a, b) => a.run - b.run)]));
const stat = Object.fromEntries(Object.entries(by).filter(([, rs]) => rs.length).map(([t, rs]) => [t, {
  wall: median(rs.map((r) => r.wall)),
  rss: median(rs.map((r) => r.rssMiB)),
  cpu: median(rs.map((r) => r.cpu)),
  out: median(rs.map((r) => r.out)),
  outVaries: new Set(rs.map((r) => r.out)).size > 1,
}]));
const pairs = by.etl.map((e, i) => by.duckdb[i] && by.duckdb[i].wall / e.wall).filter(Boolean);

const label = {
  etl: '`etl convert bench.ndjson etl.parquet` (Release publish, SNAPPY)',
  duckdb: "DuckDB `COPY (SELECT * FROM read_json(…)) TO '…' (FORMAT parquet)`, threads=2, SNAPPY (node process)",
};
const out = [];
out.push('| tool | runs, wall (s) | median wall (s) | NDJSON in (MB/s) | rows/s | peak RSS median (MiB) | output (MB) | user+sys CPU median (s) | load avg (1 min) before each run | other processes\' CPU during each run (s) |');
out.push('|---|---|---|---|---|---|---|---|---|---|');
for (const t of tools) {
  const s = stat[t];
  out.push(`| ${label[t]} | ${by[t].map((r) => f2(r.wall)).join(', ')} | ${f2(s.wall)} | ${f0(inputBytes / 1e6 / s.wall)} | ${int(inputRows / s.wall)} | ${f0(s.rss)} | ${f2(s.out / 1e6)}${s.outVaries ? ' (varies)' : ''} | ${f2(s.cpu)} | ${by[t].map((r) => r.load1.toFixed(2)).join(', ')} | ${by[t].map((r) => f2(r.other)).join(', ')} |`);
}
out.push('');
const timeRatio = stat.duckdb.wall / stat.etl.wall;
const sizeRatio = stat.etl.out / stat.duckdb.out;
const goal = (ok) => (ok ? 'goal met' : '**goal not met**');
out.push(`- **Throughput ratio = DuckDB median wall / etl median wall: ${f2(timeRatio)}** (> 1.0: etl is faster; goal ≥ 1.0: ${goal(timeRatio >= 1.0)}). `
  + `Pair by pair (each etl run with the DuckDB run right after it): median ${f2(median(pairs))}, range ${f2(Math.min(...pairs))}–${f2(Math.max(...pairs))}.`);
out.push(`- **Size ratio = etl output / DuckDB output: ${f2(sizeRatio)}** (${int(stat.etl.out)} / ${int(stat.duckdb.out)} bytes; goal ≤ 1.1: ${goal(sizeRatio <= 1.1)}).`);
out.push(`- **Peak RSS: etl ${f0(stat.etl.rss)} MiB (goal ≤ 512 MB: ${goal(stat.etl.rss * 1.048576 <= 512)}), DuckDB ${f0(stat.duckdb.rss)} MiB; ratio DuckDB / etl: ${f2(stat.duckdb.rss / stat.etl.rss)}** (> 1.0: etl uses less memory; DuckDB's figure includes Node, ~45 MiB).`);
out.push(`- CPU: etl ${f2(stat.etl.cpu)} s user+sys for ${f2(stat.etl.wall)} s wall (${f2(stat.etl.cpu / stat.etl.wall)} cores busy); `
  + `DuckDB ${f2(stat.duckdb.cpu)} s for ${f2(stat.duckdb.wall)} s (${f2(stat.duckdb.cpu / stat.duckdb.wall)} cores busy). CPU ratio DuckDB / etl: ${f2(stat.duckdb.cpu / stat.etl.cpu)}.`);
if (stat.infer) {
  out.push(`- \`etl infer bench.ndjson\` alone (start-up + one whole inference pass, on one thread): runs ${by.infer.map((r) => f2(r.wall)).join(', ')} s, median **${f2(stat.infer.wall)} s**, peak RSS ${f0(stat.infer.rss)} MiB. `
    + `The conversion does not make that pass: it infers from the first 10,000 records and verifies the rest while it shreds them on every core, so convert (${f2(stat.etl.wall)} s) is not "infer + write".`);
}
const bad = rows.filter((r) => r.exit !== 0);
if (bad.length) out.push(`- **WARNING: ${bad.length} run(s) exited non-zero: ${bad.map((r) => `${r.tool}#${r.run}=${r.exit}`).join(', ')}**`);
const noisy = rows.filter((r) => r.other > Math.max(0.1, 0.1 * r.wall));
if (noisy.length) out.push(`- **Note: other processes used more than 10 % of a run's wall time in CPU during ${noisy.length} run(s) (${noisy.map((r) => `${r.tool}#${r.run}: ${f2(r.other)} s`).join(', ')}): those times are inflated; re-run when the machine is quiet (\`--wait-quiet 600\`).**`);
else out.push('- Other processes used less than 10 % of each run\'s wall time in CPU (column "other processes\' CPU"): the machine was quiet for these runs. The 1-min load average includes the benchmark\'s own previous runs (DuckDB keeps 2 threads busy), so it reads ~1–2 even on a quiet machine.');
const maxLoad = Math.max(...rows.map((r) => r.load1));
if (maxLoad > 2.5) out.push(`- **Note: 1-minute load average reached ${maxLoad.toFixed(2)} on a ${meta.match(/cores: (\d+)/)?.[1] ?? '?'}-core machine during the run: other work competed for the CPU; treat absolute times with care (ratios are more robust) and re-run when the machine is quiet.**`);
if (meta) { out.push(''); out.push(meta); }
if (check) { out.push(''); out.push('Correctness (once, on the outputs of the last pair, `check.mjs`, DuckDB as the reader):'); out.push(''); out.push(check); }
console.log(out.join('\n'));
