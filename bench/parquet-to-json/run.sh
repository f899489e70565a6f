#!/usr/bin/env bash
# Parquet -> NDJSON benchmark: `etl convert` against DuckDB's COPY ... (FORMAT json), whole processes, side by side.
# See README.md in this folder. Usage:
#   bench/parquet-to-json/run.sh [--rows N] [--runs N] [--warmup N] [--threads N] [--skip-build] [--no-check]
# Environment equivalents: ROWS, RUNS, WARMUP, DUCKDB_THREADS, SKIP_BUILD=1, NO_CHECK=1; also
#   WORK=DIR            work folder (default: bench/parquet-to-json/work, git-ignored)
#   SHARED=DIR          test data folder holding parquet-testing/ (default: <repo>/tests/data)
#   PUBLISH_PROPS="..." extra arguments for `dotnet publish`, e.g. "-p:TieredPGO=false" or
#                       "-r linux-x64 --self-contained false -p:PublishReadyToRun=true"
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
SHARED="${SHARED:-$REPO/tests/data}"
WORK="${WORK:-$HERE/work}"
ROWS="${ROWS:-5000000}"
RUNS="${RUNS:-5}"
WARMUP="${WARMUP:-1}"
DUCKDB_THREADS="${DUCKDB_THREADS:-2}"
SKIP_BUILD="${SKIP_BUILD:-0}"
NO_CHECK="${NO_CHECK:-0}"
PUBLISH_PROPS="${PUBLISH_PROPS:-}"
RECIPE="$SHARED/parquet-testing/benchmark/make_bench.sql"
# From ../shared/parquet-testing/benchmark/BENCH_RESULTS.md (the 5,000,000-row file only).
EXPECTED_MD5_5M="9df539d452282fe1d1cc2d8badb7d9cd"

usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) ROWS="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --threads) DUCKDB_THREADS="$2"; shift 2 ;;
    --skip-build) SKIP_BUILD=1; shift ;;
    --no-check) NO_CHECK=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
for v in ROWS RUNS WARMUP DUCKDB_THREADS; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || { echo "$v must be a non-negative integer, got '${!v}'" >&2; exit 2; }
done
[ "$ROWS" -gt 0 ] || { echo "ROWS must be > 0" >&2; exit 2; }
[ "$RUNS" -ge 3 ] || { echo "RUNS must be >= 3 (a median of fewer runs says little)" >&2; exit 2; }
[ "$DUCKDB_THREADS" -gt 0 ] || { echo "DUCKDB_THREADS must be > 0" >&2; exit 2; }

log() { printf '\n== %s\n' "$*" >&2; }
mkdir -p "$WORK"

# ---- 1. tools and node dependencies --------------------------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
  log "/usr/bin/time is missing: installing the Debian package 'time'"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get install -y time || { $SUDO apt-get update && $SUDO apt-get install -y time; }
fi
command -v node >/dev/null || { echo "node is required (Node 20)" >&2; exit 1; }
command -v dotnet >/dev/null || { echo "dotnet is required (.NET 10 SDK)" >&2; exit 1; }
if ! node -e "const p=require('$HERE/node_modules/@duckdb/node-api/package.json'); process.exit(p.version==='1.5.6-r.1'?0:1)" 2>/dev/null; then
  log "installing node dependencies in $HERE (npm ci)"
  (cd "$HERE" && { npm ci --no-audit --no-fund || npm install --no-audit --no-fund; })
fi

# ---- 2. the input file ---------------------------------------------------------------------------------------------
if [ "$ROWS" -eq 5000000 ]; then INPUT="$WORK/bench.parquet"; else INPUT="$WORK/bench_${ROWS}.parquet"; fi
[ -f "$RECIPE" ] || { echo "recipe not found: $RECIPE (set SHARED=...)" >&2; exit 1; }
md5_of() { md5sum "$1" | cut -d' ' -f1; }
want_md5() { if [ "$ROWS" -eq 5000000 ]; then echo "$EXPECTED_MD5_5M"; else cat "$INPUT.md5" 2>/dev/null || true; fi; }
if [ -f "$INPUT" ] && [ -n "$(want_md5)" ] && [ "$(md5_of "$INPUT")" = "$(want_md5)" ]; then
  log "input $INPUT present, md5 $(want_md5): not regenerating"
else
  log "generating $INPUT ($ROWS rows) from $RECIPE"
  rm -f "$INPUT" "$INPUT.md5"
  (cd "$HERE" && node generate.mjs "$RECIPE" "$INPUT" "$ROWS")
  got="$(md5_of "$INPUT")"
  if [ "$ROWS" -eq 5000000 ] && [ "$got" != "$EXPECTED_MD5_5M" ]; then
    echo "WARNING: md5 of the generated file is $got, BENCH_RESULTS.md says $EXPECTED_MD5_5M (another DuckDB build?)" >&2
  fi
  echo "$got" > "$INPUT.md5"
fi
INPUT_BYTES="$(stat -c %s "$INPUT")"

# ---- 3. build etl (Release), into the work folder; --artifacts-path keeps bin/obj out of the source tree --------------
ETL="$WORK/etl/etl"
if [ "$SKIP_BUILD" = 1 ] && [ -x "$ETL" ]; then
  log "using the existing build $ETL (--skip-build)"
else
  log "dotnet publish functions/Etl.Local -c Release ${PUBLISH_PROPS}"
  rm -rf "$WORK/etl"
  # shellcheck disable=SC2086 # PUBLISH_PROPS is a list of arguments
  dotnet publish "$REPO/functions/Etl.Local" -c Release -o "$WORK/etl" \
    --artifacts-path "$WORK/artifacts" -nologo -v:q $PUBLISH_PROPS
  # What was built, for the report (a later --skip-build run reuses this binary, not the current checkout).
  printf 'commit %s with %s changed/untracked paths under functions/; dotnet publish -c Release %s; built %s\n' \
    "$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')" \
    "$(git -C "$REPO" --no-optional-locks status --porcelain -- functions 2>/dev/null | wc -l)" \
    "${PUBLISH_PROPS:-(no extra properties)}" "$(date -u '+%Y-%m-%d %H:%M UTC')" >"$WORK/etl/BUILD_INFO.txt"
fi
[ -x "$ETL" ] || { echo "no etl binary at $ETL" >&2; exit 1; }
if ! "$ETL" convert --help >/dev/null 2>&1; then
  echo "the built etl has no working 'convert' verb ($ETL convert --help failed):" >&2
  "$ETL" convert --help >&2 || true
  exit 1
fi

# ---- 4. the runs: etl, duckdb, etl, duckdb, ... -------------------------------------------------------------------
RUNDIR="$WORK/runs"
rm -rf "$RUNDIR"; mkdir -p "$RUNDIR"
ETL_OUT="$WORK/out.ndjson"
DUCK_OUT="$WORK/duck.ndjson"
clean_outputs() { # [keep-etl]: the last pair keeps etl's output for the correctness check
  [ "${1:-}" = keep-etl ] || rm -f "$ETL_OUT"
  rm -f "$DUCK_OUT" "$WORK"/.out.ndjson.*.tmp
}

# /usr/bin/time -v: "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:02.47" and "Maximum resident set size (kbytes): N"
parse_time() { # FILE -> "wall_s<TAB>rss_kb<TAB>user_s<TAB>sys_s<TAB>exit"
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($NF, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
    /Maximum resident set size/ { r = $NF }
    /User time \(seconds\)/ { u = $NF }
    /System time \(seconds\)/ { s = $NF }
    /Exit status/ { x = $NF }
    END { printf "%.2f\t%s\t%s\t%s\t%s\n", w, r, u, s, x }' "$1"
}

measure() { # TOOL RUN(0 = warm-up) -> appends a row to runs.tsv
  local tool="$1" run="$2" load1 tf rc=0
  load1="$(cut -d' ' -f1 /proc/loadavg)"
  tf="$RUNDIR/$tool-$run.time"
  if [ "$tool" = duckdb ] && [ "$run" -eq "$RUNS" ]; then clean_outputs keep-etl; else clean_outputs; fi
  sync
  if [ "$tool" = etl ]; then
    (cd "$WORK" && /usr/bin/time -v -o "$tf" "$ETL" convert "$INPUT" "$ETL_OUT" >"$RUNDIR/$tool-$run.log" 2>&1) || rc=$?
  else
    (cd "$HERE" && /usr/bin/time -v -o "$tf" node duckdb-copy.mjs "$INPUT" "$DUCK_OUT" "$DUCKDB_THREADS" >"$RUNDIR/$tool-$run.log" 2>&1) || rc=$?
  fi
  local row; row="$(parse_time "$tf")"
  printf '   %-6s %s: wall %ss  peak RSS %s kB  load %s  exit %s\n' "$tool" \
    "$([ "$run" -eq 0 ] && echo warm-up || echo "run $run")" "$(cut -f1 <<<"$row")" "$(cut -f2 <<<"$row")" "$load1" "$rc" >&2
  if [ "$rc" -ne 0 ]; then
    echo "$tool failed (exit $rc):" >&2; tail -20 "$RUNDIR/$tool-$run.log" >&2; exit 1
  fi
  [ "$run" -eq 0 ] || printf '%s\t%s\t%s\t%s\n' "$tool" "$run" "$load1" "$row" \
    | awk -F'\t' -v OFS='\t' '{ print $1, $2, $4, $5, $6, $7, $3, $8 }' >>"$RUNDIR/runs.tsv"
}

printf 'tool\trun\twall_s\trss_kb\tuser_s\tsys_s\tload1\texit\n' >"$RUNDIR/runs.tsv"
log "runs on $INPUT ($ROWS rows, $INPUT_BYTES bytes): $WARMUP warm-up pair(s), $RUNS counted pairs, alternating etl / duckdb"
echo "   uptime: $(uptime)" >&2
for ((i = 1; i <= WARMUP; i++)); do measure etl 0; measure duckdb 0; done
for ((i = 1; i <= RUNS; i++)); do measure etl "$i"; measure duckdb "$i"; done
echo "   uptime: $(uptime)" >&2

# ---- 5. correctness, once, on the outputs of the last counted pair -----------------------------------------------
CHECK="not run (--no-check)"
if [ "$NO_CHECK" != 1 ]; then
  log "checking the outputs of the last pair"
  check_rc=0
  (cd "$HERE" && node compare.mjs "$ETL_OUT" "$DUCK_OUT" "$ROWS") >"$RUNDIR/check.txt" 2>&1 || check_rc=$?
  sed 's/^/   /' "$RUNDIR/check.txt" >&2
  if [ "$check_rc" -eq 0 ]; then
    CHECK="OK — $(sed -n '1p;2p' "$RUNDIR/check.txt" | paste -sd' ' -)"
  else
    CHECK="FAILED — see $RUNDIR/check.txt: $( { grep -m3 -e MISMATCH -e '  - ' "$RUNDIR/check.txt" || echo 'compare.mjs failed'; } | paste -sd' ' -)"
  fi
fi
clean_outputs

# ---- 6. the table ----------------------------------------------------------------------------------------------------
cpu_model="$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
mem_gib="$(awk '/MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)"
os_name="$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")"
{
  echo "Input: \`$(basename "$INPUT")\`, $ROWS rows, $INPUT_BYTES bytes (md5 $(md5_of "$INPUT")), in the page cache; outputs deleted before every run; $WARMUP warm-up pair(s) not counted."
  echo "Correctness: $CHECK"
  echo "Machine: $cpu_model, cores: $(nproc), ${mem_gib} GiB RAM, $os_name, kernel $(uname -r); .NET SDK $(dotnet --version), Node $(node -v), @duckdb/node-api 1.5.6-r.1."
  echo "etl build: $(cat "$WORK/etl/BUILD_INFO.txt" 2>/dev/null || echo 'unknown (built outside run.sh)'); measured $(date -u '+%Y-%m-%d %H:%M UTC')."
} >"$RUNDIR/meta.txt"
(cd "$HERE" && node report.mjs "$RUNDIR/runs.tsv" "$RUNDIR/meta.txt") >"$WORK/results.md"
echo
cat "$WORK/results.md"
echo
echo "(written to $WORK/results.md; raw /usr/bin/time -v output in $RUNDIR)" >&2
[[ "$CHECK" == OK* || "$NO_CHECK" == 1 ]]
