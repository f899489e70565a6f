#!/usr/bin/env bash
# NDJSON -> Parquet benchmark: `etl convert` against DuckDB's COPY (SELECT * FROM read_json(...)) TO ... (FORMAT parquet),
# whole processes, side by side. See README.md in this folder. Usage:
#   bench/json-to-parquet/run.sh [--rows N] [--runs N] [--warmup N] [--infer-runs N] [--threads N] [--wait-quiet S]
#                                [--skip-build] [--no-check]
# Environment equivalents: ROWS, RUNS, WARMUP, INFER_RUNS, DUCKDB_THREADS, WAIT_QUIET, SKIP_BUILD=1, NO_CHECK=1; also
#   WORK=DIR            work folder (default: bench/json-to-parquet/work, git-ignored)
#   SHARED=DIR          test data folder holding parquet-testing/ (default: <repo>/tests/data)
#   PUBLISH_PROPS="..." extra arguments for `dotnet publish`, e.g. "-p:TieredPGO=false" or
#                       "-r linux-x64 --self-contained false -p:PublishReadyToRun=true"
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
SHARED="${SHARED:-$REPO/tests/data}"
WORK="${WORK:-$HERE/work}"
ROWS="${ROWS:-1000000}"
RUNS="${RUNS:-5}"
WARMUP="${WARMUP:-1}"
INFER_RUNS="${INFER_RUNS:-3}"
DUCKDB_THREADS="${DUCKDB_THREADS:-2}"
WAIT_QUIET="${WAIT_QUIET:-0}"
SKIP_BUILD="${SKIP_BUILD:-0}"
NO_CHECK="${NO_CHECK:-0}"
PUBLISH_PROPS="${PUBLISH_PROPS:-}"
RECIPE="$SHARED/parquet-testing/benchmark/make_bench.sql"
SOURCE_ROWS=5000000
# From ../shared/parquet-testing/benchmark/BENCH_RESULTS.md (the 5,000,000-row file).
EXPECTED_MD5_5M="9df539d452282fe1d1cc2d8badb7d9cd"
# The same file, when the Parquet -> NDJSON benchmark has already generated it (only read, never changed).
SIBLING_PARQUET="$REPO/bench/parquet-to-json/work/bench.parquet"

usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) ROWS="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --infer-runs) INFER_RUNS="$2"; shift 2 ;;
    --threads) DUCKDB_THREADS="$2"; shift 2 ;;
    --wait-quiet) WAIT_QUIET="$2"; shift 2 ;;
    --skip-build) SKIP_BUILD=1; shift ;;
    --no-check) NO_CHECK=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
for v in ROWS RUNS WARMUP INFER_RUNS DUCKDB_THREADS WAIT_QUIET; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || { echo "$v must be a non-negative integer, got '${!v}'" >&2; exit 2; }
done
[ "$ROWS" -gt 0 ] && [ "$ROWS" -le "$SOURCE_ROWS" ] || { echo "ROWS must be between 1 and $SOURCE_ROWS (the recipe's rows)" >&2; exit 2; }
[ "$RUNS" -ge 3 ] || { echo "RUNS must be >= 3 (a median of fewer runs says little)" >&2; exit 2; }
[ "$DUCKDB_THREADS" -gt 0 ] || { echo "DUCKDB_THREADS must be > 0" >&2; exit 2; }

log() { printf '\n== %s\n' "$*" >&2; }
mkdir -p "$WORK"

# ---- 1. tools and node dependencies --------------------------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
  log "/usr/bin/time is missing: installing the Debian package 'time'"
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y time; else sudo apt-get install -y time; fi
fi
command -v node >/dev/null || { echo "node is required (Node 20)" >&2; exit 1; }
command -v dotnet >/dev/null || { echo "dotnet is required (.NET 10 SDK)" >&2; exit 1; }
if ! node -e "const p=require('$HERE/node_modules/@duckdb/node-api/package.json'); process.exit(p.version==='1.5.6-r.1'?0:1)" 2>/dev/null; then
  log "installing node dependencies in $HERE (npm ci)"
  (cd "$HERE" && npm ci --no-audit --no-fund)
fi

# ---- 2. the input: the first ROWS rows of the 5,000,000-row benchmark file, as DuckDB's NDJSON ---------------------
md5_of() { md5sum "$1" | cut -d' ' -f1; }
if [ "$ROWS" -eq 1000000 ]; then INPUT="$WORK/bench.ndjson"; else INPUT="$WORK/bench_${ROWS}.ndjson"; fi
if [ -f "$INPUT" ] && [ -f "$INPUT.md5" ] && [ "$(md5_of "$INPUT")" = "$(cat "$INPUT.md5")" ]; then
  log "input $INPUT present, md5 $(cat "$INPUT.md5"): not regenerating"
else
  SOURCE="$WORK/bench.parquet"
  if [ -f "$SOURCE" ] && [ "$(md5_of "$SOURCE")" = "$EXPECTED_MD5_5M" ]; then
    log "source $SOURCE present, md5 $EXPECTED_MD5_5M"
  elif [ -f "$SIBLING_PARQUET" ] && [ "$(md5_of "$SIBLING_PARQUET")" = "$EXPECTED_MD5_5M" ]; then
    SOURCE="$SIBLING_PARQUET"
    log "using $SOURCE (md5 $EXPECTED_MD5_5M) of the Parquet -> NDJSON benchmark, read only"
  else
    [ -f "$RECIPE" ] || { echo "recipe not found: $RECIPE (set SHARED=...)" >&2; exit 1; }
    log "generating $SOURCE ($SOURCE_ROWS rows) from $RECIPE"
    rm -f "$SOURCE"
    # One generator for both benchmarks: ../parquet-to-json/generate.mjs, with that folder's (same pinned) DuckDB.
    (cd "$HERE/../parquet-to-json" && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; } \
      && node generate.mjs "$RECIPE" "$SOURCE" "$SOURCE_ROWS")
    got="$(md5_of "$SOURCE")"
    [ "$got" = "$EXPECTED_MD5_5M" ] \
      || echo "WARNING: md5 of the generated file is $got, BENCH_RESULTS.md says $EXPECTED_MD5_5M (another DuckDB build?)" >&2
  fi
  log "exporting the first $ROWS rows of $SOURCE to $INPUT (DuckDB COPY ... (FORMAT json))"
  rm -f "$INPUT" "$INPUT.md5"
  (cd "$HERE" && node export-ndjson.mjs "$SOURCE" "$INPUT" "$ROWS")
  md5_of "$INPUT" >"$INPUT.md5"
  echo "$SOURCE md5 $(md5_of "$SOURCE")" >"$INPUT.source"
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
fi
[ -x "$ETL" ] || { echo "no etl binary at $ETL" >&2; exit 1; }
for verb in convert infer; do
  if ! "$ETL" "$verb" --help >/dev/null 2>&1; then
    echo "the built etl has no working '$verb' verb ($ETL $verb --help failed):" >&2
    "$ETL" "$verb" --help >&2 || true
    exit 1
  fi
done

# ---- 4. the runs: etl, duckdb, etl, duckdb, ... then etl infer alone ----------------------------------------------
RUNDIR="$WORK/runs"
rm -rf "$RUNDIR"; mkdir -p "$RUNDIR"
ETL_OUT="$WORK/etl.parquet"
DUCK_OUT="$WORK/duck.parquet"
clean_outputs() { # [keep-etl]: the last pair keeps etl's output for the correctness check
  [ "${1:-}" = keep-etl ] || rm -f "$ETL_OUT"
  rm -f "$DUCK_OUT" "$WORK"/.etl.parquet.*.tmp
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

# CPU time (jiffies) the whole machine has spent busy: user + nice + system + irq + softirq + steal.
busy_jiffies() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
HZ="$(getconf CLK_TCK)"

# Waits (at most WAIT_QUIET seconds) until a 5-second window in which the machine was busy < 10 % of one core.
wait_quiet() {
  [ "$WAIT_QUIET" -gt 0 ] || return 0
  local deadline=$((SECONDS + WAIT_QUIET)) b0 b1
  while :; do
    b0="$(busy_jiffies)"; sleep 5; b1="$(busy_jiffies)"
    if [ $(((b1 - b0) * 100 / HZ)) -lt 50 ]; then echo "   machine quiet (busy $(((b1 - b0) * 100 / HZ / 5)) % of a core over 5 s)" >&2; return 0; fi
    if [ "$SECONDS" -ge "$deadline" ]; then echo "   machine still busy after ${WAIT_QUIET}s ($(((b1 - b0) * 100 / HZ / 5)) % of a core): running anyway" >&2; return 0; fi
  done
}

measure() { # TOOL RUN(0 = warm-up) -> appends a row to runs.tsv
  local tool="$1" run="$2" load1 tf rc=0 out=0 b0 b1
  load1="$(cut -d' ' -f1 /proc/loadavg)"
  tf="$RUNDIR/$tool-$run.time"
  # etl infer writes no file; it runs after the last pair, whose etl output is kept for the check.
  if [ "$tool" = infer ]; then :; elif [ "$tool" = duckdb ] && [ "$run" -eq "$RUNS" ]; then clean_outputs keep-etl; else clean_outputs; fi
  sync
  b0="$(busy_jiffies)"
  case "$tool" in
    etl) (cd "$WORK" && /usr/bin/time -v -o "$tf" "$ETL" convert "$INPUT" "$ETL_OUT" >"$RUNDIR/$tool-$run.log" 2>&1) || rc=$? ;;
    duckdb) (cd "$HERE" && /usr/bin/time -v -o "$tf" node duckdb-copy.mjs "$INPUT" "$DUCK_OUT" "$DUCKDB_THREADS" >"$RUNDIR/$tool-$run.log" 2>&1) || rc=$? ;;
    infer) (cd "$WORK" && /usr/bin/time -v -o "$tf" "$ETL" infer "$INPUT" >"$RUNDIR/$tool-$run.log" 2>&1) || rc=$? ;;
  esac
  b1="$(busy_jiffies)"
  case "$tool" in
    etl) [ -f "$ETL_OUT" ] && out="$(stat -c %s "$ETL_OUT")" ;;
    duckdb) [ -f "$DUCK_OUT" ] && out="$(stat -c %s "$DUCK_OUT")" ;;
  esac
  local row other; row="$(parse_time "$tf")"
  # CPU that other processes used while this one ran: machine busy time minus this process's user + sys.
  other="$(awk -v d="$((b1 - b0))" -v hz="$HZ" -v u="$(cut -f3 <<<"$row")" -v s="$(cut -f4 <<<"$row")" \
    'BEGIN { o = d / hz - u - s; printf "%.2f", o < 0 ? 0 : o }')"
  printf '   %-6s %s: wall %ss  peak RSS %s kB  output %s bytes  load %s  others %s s CPU  exit %s\n' "$tool" \
    "$([ "$run" -eq 0 ] && echo warm-up || echo "run $run")" "$(cut -f1 <<<"$row")" "$(cut -f2 <<<"$row")" "$out" "$load1" "$other" "$rc" >&2
  if [ "$rc" -ne 0 ]; then
    echo "$tool failed (exit $rc):" >&2; tail -20 "$RUNDIR/$tool-$run.log" >&2; exit 1
  fi
  [ "$run" -eq 0 ] || printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$run" "$load1" "$row" "$out" "$other" \
    | awk -F'\t' -v OFS='\t' '{ print $1, $2, $4, $5, $6, $7, $3, $8, $9, $10 }' >>"$RUNDIR/runs.tsv"
}

printf 'tool\trun\twall_s\trss_kb\tuser_s\tsys_s\tload1\texit\tout_bytes\tother_cpu_s\n' >"$RUNDIR/runs.tsv"
log "runs on $INPUT ($ROWS rows, $INPUT_BYTES bytes): $WARMUP warm-up pair(s), $RUNS counted pairs, alternating etl / duckdb; then $INFER_RUNS x etl infer"
wait_quiet
echo "   uptime: $(uptime)" >&2
for ((i = 1; i <= WARMUP; i++)); do measure etl 0; measure duckdb 0; done
for ((i = 1; i <= RUNS; i++)); do measure etl "$i"; measure duckdb "$i"; done
for ((i = 1; i <= INFER_RUNS; i++)); do measure infer "$i"; done
echo "   uptime: $(uptime)" >&2

# ---- 5. correctness, once, on the outputs of the last counted pair -----------------------------------------------
CHECK_RC=0
if [ "$NO_CHECK" != 1 ]; then
  log "checking the outputs of the last pair"
  (cd "$HERE" && node check.mjs "$ETL_OUT" "$DUCK_OUT" "$INPUT" "$ROWS") >"$RUNDIR/check.md" 2>"$RUNDIR/check.err" || CHECK_RC=$?
  sed 's/^/   /' "$RUNDIR/check.md" "$RUNDIR/check.err" >&2
  if [ "$CHECK_RC" -ne 0 ]; then
    { echo; echo "**check.mjs failed (exit $CHECK_RC):** $(tail -3 "$RUNDIR/check.err" | paste -sd' ' -)"; } >>"$RUNDIR/check.md"
  fi
else
  echo "- not run (--no-check)" >"$RUNDIR/check.md"
fi
clean_outputs

# ---- 6. the table ----------------------------------------------------------------------------------------------------
cpu_model="$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
mem_gib="$(awk '/MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)"
os_name="$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")"
commit="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')"
dirty="$(git -C "$REPO" --no-optional-locks status --porcelain -- functions 2>/dev/null | wc -l)"
{
  echo "Input: \`$(basename "$INPUT")\`, the first $ROWS rows of the benchmark file ($(cat "$INPUT.source" 2>/dev/null || echo '?')) as DuckDB's NDJSON, $INPUT_BYTES bytes (md5 $(cat "$INPUT.md5")), in the page cache; outputs deleted before every run; $WARMUP warm-up pair(s) not counted. MB = 10^6 bytes."
  echo "Machine: $cpu_model, cores: $(nproc), ${mem_gib} GiB RAM, $os_name, kernel $(uname -r); .NET SDK $(dotnet --version), Node $(node -v), @duckdb/node-api 1.5.6-r.1."
  echo "etl: commit $commit with $dirty changed/untracked paths under functions/; dotnet publish -c Release ${PUBLISH_PROPS:-(no extra properties)}; measured $(date -u '+%Y-%m-%d %H:%M UTC')."
} >"$RUNDIR/meta.txt"
(cd "$HERE" && node report.mjs "$RUNDIR/runs.tsv" "$RUNDIR/meta.txt" "$RUNDIR/check.md" "$INPUT_BYTES" "$ROWS") >"$WORK/results.md"
echo
cat "$WORK/results.md"
echo
echo "(written to $WORK/results.md; raw /usr/bin/time -v output in $RUNDIR)" >&2
[ "$CHECK_RC" -eq 0 ]
