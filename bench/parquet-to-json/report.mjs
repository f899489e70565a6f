// Turns the per-run measurements written by run.sh into the markdown table.
// usage: node report.mjs RUNS.tsv META.txt > results.md
// RUNS.tsv columns: tool  run  wall_s  rss_kb  user_s  sys_s  load1  exit
import { readFileSync } from 'node:fs';

const [runsPath, metaPath] = process.argv.slice(2);
const rows = readFileSync(runsPath, 'utf8').trim().split('\n').slice(1).map((l) => {
  const [tool, run, wall, rss, user, sys, load1, exit] = l.split('\t');
  return { tool, run: +run, wall: +wall, rssMiB: +rss / 1024, cpu: +user + +sys, load1: +load1, exit: +exit };
});
const meta = metaPath ? readFileSync(metaPath, 'utf8').trim() : '';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const f2 = (x) => x.toFixed(2);
const f0 = (x) => x.toFixed(0);
const tools = ['etl', 'duckdb'];
const by = Object.fromEntries(tools.map((t) => [t, rows.filter((r) => r.tool === t).sort((a, b) => a.run - b.run)]));
const stat = Object.fromEntries(tools.map((t) => [t, {
  wall: median(by[t].map((r) => r.wall)),
  rss: median(by[t].map((r) => r.rssMiB)),
  cpu: median(by[t].map((r) => r.cpu)),
}]));
const pairs = by.etl.map((e, i) => by.duckdb[i] && by.duckdb[i].wall / e.wall).filter(Boolean);

const label = {
  etl: '`etl convert bench.parquet out.ndjson` (Release publish)',
  duckdb: "DuckDB `COPY (SELECT * FROM read_parquet(…)) TO '…' (FORMAT json)`, threads=2 (node process)",
};
const out = [];
out.push('| tool | runs, wall (s) | median wall (s) | peak RSS median (MiB) | user+sys CPU median (s) | load avg (1 min) before each run |');
out.push('|---|---|---|---|---|---|');
for (const t of tools) {
  const s = stat[t];
  out.push(`| ${label[t]} | ${by[t].map((r) => f2(r.wall)).join(', ')} | ${f2(s.wall)} | ${f0(s.rss)} | ${f2(s.cpu)} | ${by[t].map((r) => r.load1.toFixed(2)).join(', ')} |`);
}
out.push('');
out.push(`- **Time ratio DuckDB median / etl median: ${f2(stat.duckdb.wall / stat.etl.wall)}** (> 1.0: etl is faster). `
  + `Pair by pair (each etl run with the DuckDB run right after it): median ${f2(median(pairs))}, range ${f2(Math.min(...pairs))}–${f2(Math.max(...pairs))}.`);
out.push(`- **Peak RSS ratio DuckDB median / etl median: ${f2(stat.duckdb.rss / stat.etl.rss)}** (> 1.0: etl uses less memory).`);
out.push(`- CPU ratio DuckDB median / etl median: ${f2(stat.duckdb.cpu / stat.etl.cpu)} (> 1.0: etl needs less CPU; less sensitive to other load than wall time).`);
out.push(`- CPU: etl ${f2(stat.etl.cpu)} s user+sys for ${f2(stat.etl.wall)} s wall (${f2(stat.etl.cpu / stat.etl.wall)} cores busy); `
  + `DuckDB ${f2(stat.duckdb.cpu)} s for ${f2(stat.duckdb.wall)} s (${f2(stat.duckdb.cpu / stat.duckdb.wall)} cores busy).`);
const bad = rows.filter((r) => r.exit !== 0);
if (bad.length) out.push(`- **WARNING: ${bad.length} run(s) exited non-zero: ${bad.map((r) => `${r.tool}#${r.run}=${r.exit}`).join(', ')}**`);
const maxLoad = Math.max(...rows.map((r) => r.load1));
if (maxLoad > 1.5) out.push(`- **Note: 1-minute load average reached ${maxLoad.toFixed(2)} on a ${meta.match(/cores: (\d+)/)?.[1] ?? '?'}-core machine during the run: other work competed for the CPU; treat absolute times with care (ratios are more robust) and re-run when the machine is quiet.**`);
if (meta) { out.push(''); out.push(meta); }
console.log(out.join('\n'));
