#!/usr/bin/env bash
# Normalization benchmark: `etl normalize` (nested NDJSON -> related tables) against `etl convert` (the flat
# NDJSON -> one Parquet file) on the same input, whole processes, side by side. See README.md. Usage:
#   bench/normalize/run.sh [--mb N] [--runs N] [--skip-build]
# Environment equivalents: MB (default 200), RUNS (default 3), SKIP_BUILD=1; also
#   WORK=DIR            work folder (default: bench/normalize/work, git-ignored)
#   PUBLISH_PROPS="..." extra arguments for `dotnet publish`
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
WORK="${WORK:-$HERE/work}"
MB="${MB:-200}"
RUNS="${RUNS:-3}"
SKIP_BUILD="${SKIP_BUILD:-0}"
PUBLISH_PROPS="${PUBLISH_PROPS:-}"
SAMPLE="$REPO/tests/data/json-samples/github-events-gharchive-2021-07-21.ndjson"

usage() { sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --mb) MB="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --skip-build) SKIP_BUILD=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
for v in MB RUNS; do
  [[ "${!v}" =~ ^[0-9]+$ ]] && [ "${!v}" -gt 0 ] || { echo "$v must be a positive integer, got '${!v}'" >&2; exit 2; }
done
log() { printf '\n== %s\n' "$*" >&2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is required (Debian package 'time')" >&2; exit 1; }
[ -f "$SAMPLE" ] || { echo "missing $SAMPLE (tests/data is part of the repository)" >&2; exit 1; }
mkdir -p "$WORK"

# ---- 1. the input: github-events repeated until it reaches MB MiB. Each copy's event ids get a suffix (-c<copy>), so
# ids stay unique as in real data (the natural-key path is measured, not the content-hash fallback).
INPUT="$WORK/events_${MB}mb.ndjson"
if [ -f "$INPUT" ] && [ "$(stat -c %s "$INPUT")" -ge $((MB * 1024 * 1024)) ]; then
  log "input $INPUT present ($(stat -c %s "$INPUT") bytes): not regenerating"
else
  log "generating $INPUT: $SAMPLE repeated to >= $MB MiB"
  : > "$INPUT.tmp"
  copy=0
  while [ "$(stat -c %s "$INPUT.tmp")" -lt $((MB * 1024 * 1024)) ]; do
    sed -E "s/^\\{\"id\":\"([0-9]+)\"/{\"id\":\"\\1-c$copy\"/" "$SAMPLE" >> "$INPUT.tmp"
    copy=$((copy + 1))
  done
  mv "$INPUT.tmp" "$INPUT"
fi
BYTES="$(stat -c %s "$INPUT")"

# ---- 2. build etl (Release) into the work folder ----------------------------------------------------------------
ETL="$WORK/etl/etl"
if [ "$SKIP_BUILD" = 1 ] && [ -x "$ETL" ]; then
  log "using the existing build $ETL (--skip-build)"
else
  log "dotnet publish functions/Etl.Local -c Release ${PUBLISH_PROPS}"
  rm -rf "$WORK/etl"
  # shellcheck disable=SC2086
  dotnet publish "$REPO/functions/Etl.Local" -c Release -o "$WORK/etl" --artifacts-path "$WORK/artifacts" -nologo -v:q $PUBLISH_PROPS
fi
"$ETL" normalize --help >/dev/null 2>&1 || { echo "the built etl has no working 'normalize' verb" >&2; exit 1; }

# ---- 3. the runs, alternating: convert (flat), normalize, convert, normalize, ... (one warm-up pair first) --------
parse_time() { # FILE -> "wall_s<TAB>rss_kb<TAB>exit"
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($NF, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
    /Maximum resident set size/ { r = $NF }
    /Exit status/ { x = $NF }
    END { printf "%.2f\t%s\t%s\n", w, r, x }' "$1"
}
RUNDIR="$WORK/runs"
rm -rf "$RUNDIR"; mkdir -p "$RUNDIR"
FLAT="$WORK/flat.parquet"
TABLES="$WORK/tables"
run_pair() { # INDEX
  rm -rf "$FLAT" "$TABLES"; sync
  /usr/bin/time -v -o "$RUNDIR/convert_$1.time" "$ETL" convert "$INPUT" "$FLAT" > /dev/null
  rm -rf "$TABLES"; sync
  /usr/bin/time -v -o "$RUNDIR/normalize_$1.time" "$ETL" normalize "$INPUT" "$TABLES" --dataset events > "$RUNDIR/normalize_$1.out"
}
log "warm-up pair"
run_pair 0
for i in $(seq 1 "$RUNS"); do
  log "pair $i of $RUNS"
  run_pair "$i"
done

# ---- 4. the report: medians, throughput (input MiB/s), the ratio normalize / convert, peak RSS -------------------
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
for side in convert normalize; do
  for i in $(seq 1 "$RUNS"); do parse_time "$RUNDIR/${side}_$i.time"; done > "$RUNDIR/$side.tsv"
  if awk -F'\t' '$3 != 0 { bad = 1 } END { exit !bad }' "$RUNDIR/$side.tsv"; then echo "a $side run failed: see $RUNDIR" >&2; exit 1; fi
done
WALL_C="$(cut -f1 "$RUNDIR/convert.tsv" | median)"
WALL_N="$(cut -f1 "$RUNDIR/normalize.tsv" | median)"
RSS_C="$(cut -f2 "$RUNDIR/convert.tsv" | sort -n | tail -1)"
RSS_N="$(cut -f2 "$RUNDIR/normalize.tsv" | sort -n | tail -1)"
TABLE_COUNT="$(ls -d "$TABLES"/*/ | wc -l)"
TABLE_BYTES="$(du -cb "$TABLES"/*/*.parquet | tail -1 | cut -f1)"
awk -v b="$BYTES" -v wc="$WALL_C" -v wn="$WALL_N" -v rc="$RSS_C" -v rn="$RSS_N" -v runs="$RUNS" -v tables="$TABLE_COUNT" \
    -v tb="$TABLE_BYTES" -v fb="$(stat -c %s "$FLAT")" -v cores="$(nproc)" 'BEGIN {
  mib = b / 1048576
  printf "input: %.1f MiB of github-events NDJSON; %d runs each (median wall time), %d cores\n", mib, runs, cores
  printf "| | wall (s) | MiB/s | peak RSS (MiB) | output |\n|---|---|---|---|---|\n"
  printf "| etl convert (flat) | %.2f | %.1f | %.0f | 1 file, %.1f MiB |\n", wc, mib / wc, rc / 1024, fb / 1048576
  printf "| etl normalize | %.2f | %.1f | %.0f | %d tables, %.1f MiB |\n", wn, mib / wn, rn / 1024, tables, tb / 1048576
  printf "throughput ratio normalize / convert: %.2f (goal >= 0.8); peak RSS of normalize %.0f MiB (goal <= 512)\n", wc / wn, rn / 1024
}' | tee "$WORK/report.md"
