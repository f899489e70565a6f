#!/usr/bin/env bash
# Starts Agentic ETL locally: REST API, pipeline and web page on http://127.0.0.1:5080 (ETL_URLS), data in ./.etl-data (ETL_DATA_DIR).
# Extra arguments go to `etl serve`, e.g. ./run.sh --concurrency 4
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required (https://dot.net); install it and run ./run.sh again." >&2
  exit 1
fi

# >>> web page (frontend/, owned by the web page work) ------------------------------------------------------------------
# Builds frontend/dist (npm ci + vite build) only when it is missing or its sources changed; `etl serve` serves it from
# the same origin. Without Node.js/npm, or when the build fails, etl serves its small built-in page instead.
if ! frontend/scripts/ensure-build.sh; then
  echo "Serving the last build of the web page, or the basic built-in page when there is none." >&2
fi
# <<< web page -----------------------------------------------------------------------------------------------------------

dotnet build functions/Etl.Local/Etl.Local.csproj -c Release -nologo -clp:ErrorsOnly -v quiet
exec dotnet functions/Etl.Local/bin/Release/net10.0/etl.dll serve "$@"
