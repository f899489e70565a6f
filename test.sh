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

# Debian packages the suites run: jq (the README walk-through), chromium (the browser end-to-end tests), python3-jinja2
# (real Jinja, to check the agents' rendering of dbt models), clang and zlib1g-dev (NativeAOT: `npx cdk synth` publishes
# bootstrap's api build).
debian_install() { # $@ = packages
  echo "Installing Debian's $* for the tests" >&2
  if [ "$(id -u)" -eq 0 ]; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"; } >&2
  elif command -v sudo >/dev/null 2>&1; then
    { sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"; } >&2
  fi
}
missing=()
command -v jq >/dev/null 2>&1 || missing+=(jq)
[ -x /usr/bin/chromium ] || missing+=(chromium)
/usr/bin/python3 -c 'import jinja2' >/dev/null 2>&1 || missing+=(python3-jinja2)
command -v clang >/dev/null 2>&1 || missing+=(clang)
[ -e /usr/include/zlib.h ] || missing+=(zlib1g-dev)
[ ${#missing[@]} -eq 0 ] || debian_install "${missing[@]}"

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
# S3 and DynamoDB emulators (s3rver, dynalite) that the AWS adapter tests start on 127.0.0.1.
if ! (cd tests/emulators && npm ci --no-audit --no-fund); then
  echo "npm ci in tests/emulators failed: the AWS adapter tests cannot run" >&2
  status=1
fi
# Step Functions tools (asl-validator, aws-local-stepfunctions) that the state machine tests run on the synthesized definitions.
if ! (cd tests/stepfunctions && npm ci --no-audit --no-fund); then
  echo "npm ci in tests/stepfunctions failed: the state machine tests cannot run" >&2
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
done < <(find . -name package.json -not -path '*/node_modules/*' -not -path './.git/*' -not -path '*/bin/*' -not -path '*/obj/*' \
  -not -path './frontend/*' -not -path './tests/e2e/*' | sort)   # frontend/ and tests/e2e/: counted per test below

# The Glue job's plain-Python functions (glue-jobs/tests, Debian's python3, stdlib unittest), counted as one suite; they
# compare with the etl binary the dotnet tests above built.
echo "== /usr/bin/python3 -m unittest in glue-jobs/tests"
if /usr/bin/python3 -m unittest discover -s glue-jobs/tests; then passed=$((passed + 1)); else failed=$((failed + 1)); status=1; fi

# >>> web page (frontend/ and tests/e2e/, owned by the web page work) ----------------------------------------------------
# Unit tests (vitest, jsdom) and end-to-end tests (Debian's Chromium driven by playwright-core against a real
# `etl serve`), each test counted. Installs Chromium and the npm dependencies when they are missing.
web_count() { # $1 = suite name, $2 = exit status, $3 = passed, $4 = failed (empty when the runner reported nothing)
  passed=$((passed + ${3:-0}))
  failed=$((failed + ${4:-0}))
  if [ "$2" -ne 0 ]; then
    status=1
    if [ "${4:-0}" -eq 0 ]; then
      failed=$((failed + 1))
      echo "$1 failed before reporting test results (see above)." >&2
    fi
  fi
}

echo "== web page unit tests (frontend/, vitest)"
web_p="" web_f=""
if command -v npm >/dev/null 2>&1; then
  (cd frontend && { { [ -d node_modules ] && [ ! package-lock.json -nt node_modules/.package-lock.json ]; } || npm ci --no-audit --no-fund --loglevel=error; } \
    && npx --no-install vitest run --reporter=default --reporter=json --outputFile.json="$results/vitest.json")
  web_status=$?
  if [ -f "$results/vitest.json" ]; then
    read -r web_p web_f < <(node -e 'const r=require(process.argv[1]); console.log(r.numPassedTests, r.numFailedTests)' "$results/vitest.json")
  fi
else
  echo "npm is not installed: the web page tests cannot run (install Node.js 20.19+)." >&2
  web_status=1
fi
web_count "vitest" "$web_status" "$web_p" "$web_f"

echo "== web page end-to-end tests (tests/e2e/, Chromium + etl serve)"
web_p="" web_f=""
if command -v npm >/dev/null 2>&1 && frontend/scripts/ensure-build.sh; then
  (cd tests/e2e && { { [ -d node_modules ] && [ ! package-lock.json -nt node_modules/.package-lock.json ]; } || npm ci --no-audit --no-fund --loglevel=error; } \
    && node --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout \
         --test-reporter=tap --test-reporter-destination="$results/e2e.tap" web.e2e.test.mjs datasets.e2e.test.mjs agents.e2e.test.mjs auth.e2e.test.mjs)
  web_status=$?
  if [ -f "$results/e2e.tap" ]; then
    web_p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$results/e2e.tap" | tail -n 1)
    web_f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$results/e2e.tap" | tail -n 1)
  fi
  echo "Screenshots: tests/e2e/artifacts/"
else
  echo "The end-to-end tests need npm and a web page build (see above)." >&2
  web_status=1
fi
web_count "The end-to-end tests" "$web_status" "$web_p" "$web_f"
# <<< web page -----------------------------------------------------------------------------------------------------------

# >>> CDK app (infra/): `npx cdk synth` from the root, as a fresh clone runs it: offline-capable, no AWS credentials -----
# The Lambda asset is published during synth (once: cdk.out keeps it, keyed by a hash of functions/); a bootstrap
# published earlier is reused when ETL_BOOTSTRAP_DIR names its directory.
echo "== npx cdk synth (infra/)"
if (npm ci --no-audit --no-fund --loglevel=error \
    && env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN -u AWS_PROFILE AWS_EC2_METADATA_DISABLED=true \
         JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 npx --no-install cdk synth --quiet); then
  passed=$((passed + 1))
else
  echo "npx cdk synth failed: the CDK app does not synthesize (see above)." >&2
  failed=$((failed + 1))
  status=1
fi
# <<< CDK app ------------------------------------------------------------------------------------------------------------

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] || status=1
exit "$status"
