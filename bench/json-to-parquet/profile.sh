#!/usr/bin/env bash
# Profiles one `etl convert bench.ndjson` (or `etl infer`) with Linux perf and summarizes the hot .NET methods.
# Needs a previous run.sh (work/etl and the input) and `perf` (Debian package linux-perf). Usage:
#   bench/json-to-parquet/profile.sh [--infer] [--freq HZ] [--top N]
# Environment: WORK (default ./work), ROWS (default 1000000: which input), and any DOTNET_* runtime knob to try
# (e.g. DOTNET_TieredPGO=0, DOTNET_TC_CallCountingDelayMs=0); they reach the profiled process.
# Writes work/profile/{perf.data,perf.script,profile.md} and prints profile.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="${WORK:-$HERE/work}"
ROWS="${ROWS:-1000000}"
VERB=convert
FREQ=4000
TOP=30
while [ $# -gt 0 ]; do
  case "$1" in
    --infer) VERB=infer; shift ;;
    --freq) FREQ="$2"; shift 2 ;;
    --top) TOP="$2"; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
if [ "$ROWS" -eq 1000000 ]; then INPUT="$WORK/bench.ndjson"; else INPUT="$WORK/bench_${ROWS}.ndjson"; fi
ETL="$WORK/etl/etl"
[ -x "$ETL" ] && [ -f "$INPUT" ] || { echo "run run.sh first (need $ETL and $INPUT)" >&2; exit 1; }
command -v perf >/dev/null || { echo "perf is missing: apt-get install linux-perf" >&2; exit 1; }

OUT="$WORK/profile"
mkdir -p "$OUT"
rm -f "$WORK/profile.parquet" "$WORK"/.profile.parquet.*.tmp
# Hardware counters are often unavailable in VMs (perf stat -e instructions says <not supported>): sample on the
# cpu-clock software event. PerfMapEnabled writes /tmp/perf-PID.map so perf can name JIT-compiled methods;
# W^X off keeps the JIT's code in one mapping perf can attribute (with it on, samples land in "memfd:doublemapper").
args=("$ETL" "$VERB" "$INPUT")
[ "$VERB" = convert ] && args+=("$WORK/profile.parquet")
# ReadyToRun off: precompiled code has no perf map, so its methods would show only as their DLL; the JIT then
# compiles what the published binary has precompiled, which adds start-up time to the profile.
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 DOTNET_ReadyToRun=0 \
  perf record -e cpu-clock -F "$FREQ" -g -o "$OUT/perf.data" -- "${args[@]}" >/dev/null
rm -f "$WORK/profile.parquet"
perf script -i "$OUT/perf.data" -F ip,sym,dso 2>/dev/null >"$OUT/perf.script"
{
  echo "Profile of \`etl $VERB $(basename "$INPUT")\` (perf record -e cpu-clock -F $FREQ -g; DOTNET_PerfMapEnabled=1, DOTNET_EnableWriteXorExecute=0, DOTNET_ReadyToRun=0$(env | grep -E '^DOTNET_' | grep -v -E 'PerfMapEnabled|EnableWriteXorExecute|CLI_|NOLOGO|GENERATE_ASPNET|SKIP_FIRST' | sed 's/^/, /' | tr -d '\n')), $(date -u '+%Y-%m-%d %H:%M UTC'):"
  echo
  node "$HERE/perf-summary.mjs" "$OUT/perf.script" "$TOP"
} >"$OUT/profile.md"
cat "$OUT/profile.md"
