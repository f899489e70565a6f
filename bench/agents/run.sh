#!/usr/bin/env bash
# Agents benchmark: the offline agent's whole pipeline (plan → generate → refine → validate in DuckDB → deliver) as
# `etl dbt` over a five-table dataset, whole processes, RUNS times; prints the median and p95 wall time and peak RSS.
# See README.md. Usage:
#   bench/agents/run.sh [--orders N] [--runs N] [--skip-build]
# Environment equivalents: ORDERS (default 20000), RUNS (default 10), SKIP_BUILD=1; WORK=DIR (default bench/agents/work).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
WORK="${WORK:-$HERE/work}"
ORDERS="${ORDERS:-20000}"
RUNS="${RUNS:-10}"
SKIP_BUILD="${SKIP_BUILD:-0}"
PROMPT="staging models, a fact table of orders and a daily revenue mart"

usage() { sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --orders) ORDERS="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --skip-build) SKIP_BUILD=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
for v in ORDERS RUNS; do
  [[ "${!v}" =~ ^[0-9]+$ ]] && [ "${!v}" -gt 0 ] || { echo "$v must be a positive integer, got '${!v}'" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "/usr/bin/time is required (Debian package 'time')" >&2; exit 1; }
log() { printf '\n== %s\n' "$*" >&2; }
mkdir -p "$WORK"

ETL="$WORK/etl/etl"
if [ "$SKIP_BUILD" = 1 ] && [ -x "$ETL" ]; then
  log "using the existing build $ETL (--skip-build)"
else
  log "dotnet publish functions/Etl.Local -c Release -r linux-x64"
  rm -rf "$WORK/etl"
  dotnet publish "$REPO/functions/Etl.Local" -c Release -r linux-x64 -o "$WORK/etl" -v quiet -nologo >&2
fi

INPUT="$WORK/shop_${ORDERS}.ndjson"
TABLES="$WORK/shop_${ORDERS}_tables"
if [ ! -f "$TABLES/tables.json" ]; then
  log "generating $INPUT ($ORDERS orders) and normalizing it into $TABLES"
  python3 "$HERE/make_shop.py" --orders "$ORDERS" "$INPUT"
  "$ETL" normalize "$INPUT" "$TABLES" --dataset shop --force >&2
fi
tables=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(len(d['tables']), sum(t['rowCount'] for t in d['tables']))" "$TABLES/tables.json")
log "dataset: $tables (tables, rows)"

: > "$WORK/times.txt"
for run in $(seq 1 "$RUNS"); do
  /usr/bin/time -f '%e %M' -o "$WORK/time.txt" "$ETL" dbt "$TABLES" "$WORK/project" --prompt "$PROMPT" --force > "$WORK/dbt.out" 2> "$WORK/dbt.err" \
    || { echo "etl dbt failed (run $run):" >&2; cat "$WORK/dbt.err" >&2; exit 1; }
  cat "$WORK/time.txt" >> "$WORK/times.txt"
done
tail -1 "$WORK/dbt.out" >&2

python3 - "$WORK/times.txt" "$RUNS" "$tables" <<'PY'
import sys, math
rows = [tuple(map(float, line.split())) for line in open(sys.argv[1]) if line.strip()]
secs = sorted(r[0] for r in rows); rss = sorted(r[1] for r in rows)
def pct(v, p):
    k = max(0, math.ceil(p / 100 * len(v)) - 1)
    return v[k]
n = len(secs)
median = secs[n // 2] if n % 2 else (secs[n // 2 - 1] + secs[n // 2]) / 2
print(f"etl dbt (offline agent, validation in DuckDB) over {sys.argv[3].split()[0]} tables / {sys.argv[3].split()[1]} rows, {n} runs:")
print(f"  wall time: median {median:.2f} s, p95 {pct(secs, 95):.2f} s, min {secs[0]:.2f} s, max {secs[-1]:.2f} s")
print(f"  peak RSS: median {rss[n // 2] / 1024:.0f} MiB, max {rss[-1] / 1024:.0f} MiB")
PY
