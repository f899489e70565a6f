#!/usr/bin/env bash
# Runs every test suite in the repository and ends with one line CI reads: "N passed, N failed".
# .NET: every test project in Serverless.sln (new projects are picked up when added to the solution).
# Node: every package.json outside node_modules whose scripts define "test" (counted one suite each).
set -uo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
for tool in dotnet node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$tool not found: this repository needs the .NET 10 SDK and Node 20 (see README.md)." >&2
    exit 1
  fi
done

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
passed=0
failed=0
status=0

# Independent Parquet readers (DuckDB, hyparquet) that the .NET writer tests call through node.
if ! (cd tests/interop && npm ci --no-audit --no-fund); then
  echo "npm ci in tests/interop failed: the independent-reader tests cannot run" >&2
  status=1
fi

dotnet test Serverless.sln -c Release --logger "trx" --results-directory "$results/dotnet"
dotnet_status=$?
for trx in "$results"/dotnet/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [ "$dotnet_status" -ne 0 ]; then
  status=1
  # A build or runner failure produces no failed test; count it so the summary cannot read green.
  [ "$failed" -eq 0 ] && failed=$((failed + 1)) && echo "dotnet test failed before reporting test results (see above)." >&2
fi

while IFS= read -r package; do
  dir=$(dirname "$package")
  grep -q '"test"[[:space:]]*:' "$package" || continue
  echo "== npm test in $dir"
  if (cd "$dir" && { [ -d node_modules ] || npm ci --no-audit --no-fund || npm install --no-audit --no-fund; } && npm test); then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    status=1
  fi
done < <(find . -name package.json -not -path '*/node_modules/*' -not -path './.git/*' -not -path '*/bin/*' -not -path '*/obj/*' | sort)

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] || status=1
exit "$status"
